#include "offlinerenderer.h"
