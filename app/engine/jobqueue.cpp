#include "jobqueue.h"
