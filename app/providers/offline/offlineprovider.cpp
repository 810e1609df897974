#include "offlineprovider.h"
