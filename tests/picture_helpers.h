// picture_helpers.h — moved to tests/support/pictures.h; kept for tests/ui/pictogram_test.cpp
// until it includes that itself.
#pragma once

#include "support/pictures.h"
