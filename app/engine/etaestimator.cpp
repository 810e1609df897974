#include "etaestimator.h"
