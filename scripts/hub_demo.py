#!/usr/bin/env python3
"""hub_demo.py — two kiosks and a hub on one laptop (`make hub-demo`).

A throwaway PostgreSQL in a temporary folder (tests/hub/pg_harness.py), the hub set up with
`workshop hub init`, two kiosks added with `workshop hub add-kiosk`, and two kiosk windows side by
side, each with its own database and kiosk.toml. Vote at one, see it at the other (facilitator
mode: hold the top-left corner, PIN 1234). Close both windows (or Ctrl+C) to end: everything,
the server included, is removed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "hub"))
from pg_harness import PgServer  # noqa: E402


def main(argv):
    build = argv[0] if argv else os.path.join(ROOT, "build")
    cli, kiosk = os.path.join(build, "engine", "workshop"), os.path.join(build, "kiosk", "workshop-kiosk")
    scenario = os.path.join(ROOT, "scenarios", "almere-stakeholders.toml")
    tmp = tempfile.mkdtemp(prefix="workshop-hub-demo-")
    windows = []
    try:
        with PgServer(log_statements=False) as pg:
            subprocess.run([cli, "hub", "init", pg.url()], check=True)
            for name in ("zaal-1", "zaal-2"):
                lines = subprocess.run([cli, "hub", "add-kiosk", pg.url(), name], check=True, capture_output=True,
                                       text=True).stdout
                folder = os.path.join(tmp, name)
                os.makedirs(folder)
                fd = os.open(os.path.join(folder, "kiosk.toml"), os.O_WRONLY | os.O_CREAT, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write(lines)
                print(f"kiosk {name}: {folder}")
                windows.append(subprocess.Popen([kiosk, "--scenario", scenario, "--db", os.path.join(folder, "workshop.db"),
                                                 "--windowed", "940x1000", "--pin", "1234"]))
            print(f"hub: {pg.url()}\n`{cli} hub status '{pg.url()}'` shows both kiosks; close both windows to end.")
            for w in windows:
                w.wait()
            subprocess.run([cli, "hub", "status", pg.url()])
    except KeyboardInterrupt:
        for w in windows:
            w.terminate()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
