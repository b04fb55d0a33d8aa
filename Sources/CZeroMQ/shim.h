#include <zmq.h>

/* ZMQ_ZAP_ENFORCE_DOMAIN is still a draft option in libzmq 4.3's header, but the library
   Debian ships implements it (setsockopt accepts it and curve_server honours it). Without
   it, a CURVE server with no ZAP handler admits every client key (libzmq's "Stonehouse"
   fallback); SeedFL sets it on every authenticating socket so that cannot happen. */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif
