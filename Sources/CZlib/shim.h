// zlib, for reading gzip-compressed pprof profiles.
#include <zlib.h>
