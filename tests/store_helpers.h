// store_helpers.h — the shared test helpers now live in tests/support/; this header only gathers
// them for tests/ui/kiosk_harness.h until that moves to tests/support/ too.
#pragma once

#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"
