"""pg_harness.py — a private, throwaway PostgreSQL 15 server for one test run.

initdb + pg_ctl in a temporary folder; the server listens only on a Unix socket in that folder
(no TCP port is opened, so parallel runs never collide). Run as root (as CI does), the server
runs as the unprivileged user `nobody` (PostgreSQL refuses root), through `runuser`, with every
path absolute (nobody's home may not exist). Authentication: the admin role `workshop_admin`
is trusted on the socket (it stands for the facilitator's own login); every other role must give
its password (scram-sha-256), so kiosk passwords are really checked.

Usage:
    with PgServer() as pg:
        url = pg.url()                  # the admin's URL
        pg.psql("SELECT 1")             # as admin; pg.psql(sql, user=..., password=...)
        pg.stop(); pg.start()           # a hub restart
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time

ADMIN = "workshop_admin"
DATABASE = "workshop"


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    for path in found:
        if "/15/" in path:
            return path
    if found:
        return found[-1]
    return shutil.which(name) or name


class PgServer:
    def __init__(self, log_statements=True):
        self.root = os.getuid() == 0
        self.dir = tempfile.mkdtemp(prefix="workshop-pg-", dir="/tmp")  # short: a socket path has ~100 bytes
        self.data = os.path.join(self.dir, "data")
        self.socket = self.dir
        self.port = 5432 + (os.getpid() % 20000)
        self.log = os.path.join(self.dir, "server.log")
        self.log_statements = log_statements
        if self.root:
            nobody = pwd.getpwnam("nobody")
            self.uid, self.gid = nobody.pw_uid, nobody.pw_gid
            os.chown(self.dir, self.uid, self.gid)
        os.chmod(self.dir, 0o755)

    # --- running PostgreSQL's programs as the server's user -------------------------------
    def _as_server(self, args, **kw):
        if self.root:
            args = [shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "/usr/sbin/runuser", "-u", "nobody", "--"] + args
        env = {"PATH": "/usr/bin:/bin", "HOME": self.dir, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
        return subprocess.run(args, env=env, cwd=self.dir, capture_output=True, text=True, **kw)

    def __enter__(self):
        pwfile = os.path.join(self.dir, "init")
        r = self._as_server([pg_bin("initdb"), "-D", self.data, "-U", ADMIN, "--auth-local=trust",
                             "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions", "--no-sync"])
        if r.returncode != 0:
            raise RuntimeError("initdb failed:\n" + r.stdout + r.stderr)
        hba = os.path.join(self.data, "pg_hba.conf")
        with open(hba, "w") as f:
            f.write(f"local all {ADMIN} trust\nlocal all all scram-sha-256\n")
        conf = os.path.join(self.data, "postgresql.conf")
        with open(conf, "a") as f:
            f.write(f"listen_addresses = ''\nunix_socket_directories = '{self.socket}'\nport = {self.port}\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "max_connections = 120\nshared_buffers = 32MB\npassword_encryption = 'scram-sha-256'\n"
                    + ("log_statement = 'all'\nlog_connections = on\n" if self.log_statements else ""))
        if self.root:
            for path in (hba, conf):
                os.chown(path, self.uid, self.gid)
        self.start()
        r = subprocess.run([pg_bin("createdb"), "-h", self.socket, "-p", str(self.port), "-U", ADMIN, DATABASE],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("createdb failed: " + r.stderr)
        return self

    def start(self):
        r = self._as_server([pg_bin("pg_ctl"), "-D", self.data, "-l", self.log, "-w", "-t", "30", "start"])
        if r.returncode != 0:
            raise RuntimeError("pg_ctl start failed:\n" + r.stdout + r.stderr + self.server_log())

    def stop(self, mode="fast"):
        self._as_server([pg_bin("pg_ctl"), "-D", self.data, "-m", mode, "-w", "-t", "30", "stop"])

    def __exit__(self, *exc):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    # --- for the tests --------------------------------------------------------------------
    def url(self, user=ADMIN):
        return f"host={self.socket} port={self.port} dbname={DATABASE} user={user}"

    def psql(self, sql, user=ADMIN, password=None, check=True):
        env = dict(os.environ)
        env.pop("PGPASSWORD", None)
        if password is not None:
            env["PGPASSWORD"] = password
        r = subprocess.run([pg_bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(user),
                            "-c", sql], capture_output=True, text=True, env=env)
        if check and r.returncode != 0:
            raise RuntimeError(f"psql failed: {sql}\n{r.stderr}")
        return r

    def server_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""
