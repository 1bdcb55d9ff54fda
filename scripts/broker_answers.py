"""Exit 0 when the Redis broker at argv[1] answers a PING within a second, 1 otherwise."""

import sys

import redis

try:
    redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1, socket_timeout=1).ping()
except (redis.RedisError, OSError, ValueError):
    sys.exit(1)
