"""Gunicorn settings for Commons in production: `gunicorn -c deploy/gunicorn.conf.py app:app`.

Read deploy/README.md first. Numbers come from the environment so one file serves every host:
WEB_CONCURRENCY (worker processes), COMMONS_THREADS (threads per worker), COMMONS_BIND,
COMMONS_MAX_REQUESTS. Options on the command line (--bind, --workers ...) win over this file.
"""
import faulthandler
import logging
import os
import sys
import threading
import time

bind = os.environ.get("COMMONS_BIND", "127.0.0.1:8000")

# Threads, not more processes: each open pad editor holds a WebSocket on a thread for as long
# as the page is open, and threads of one process share its pads' rooms. Without REDIS_URL,
# run a single worker: two would each keep their own editors of a pad.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("COMMONS_THREADS", "64"))
# Idle kept-alive connections wait in the worker's poller, not on a thread.
worker_connections = threads + 1000

# Longer than the proxy keeps an idle connection to us (nginx: 60 s in deploy/nginx.conf), so the
# proxy always closes first and never sends a request down a connection we are closing. Gunicorn's
# own 2 s is what reset clients that paused between two requests.
keepalive = 75

# Recycle each worker after so many requests, at staggered moments (jitter), so memory that
# Python's allocator keeps after a peak is given back and not every worker restarts at once.
# Pad editors of a recycled worker see their socket close, reconnect within a few seconds and
# send the server whatever it does not have yet (the Yjs sync), so no word is lost.
max_requests = int(os.environ.get("COMMONS_MAX_REQUESTS", "5000"))
max_requests_jitter = max(1, max_requests // 5)

# A request (or a worker that stopped answering its heartbeat) is given this long.
timeout = 60
# A recycled or stopping worker finishes what is in flight for this long. Its open pad sockets
# are closed at once (see post_worker_init): they would otherwise keep it, and every connection
# waiting for it, for the whole time.
graceful_timeout = 20

# No control socket (gunicornc): by default it sits at one path in $HOME, shared by every gunicorn
# of that user on the host. Reload and stop with signals (HUP, TERM) as usual.
control_socket_disable = True

# Logs on stderr, for journald or docker. %(h)s is the client's address as the app sees it
# (behind the proxy, with BOARD_PROXY_HOPS=1, the address nginx received the request from).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# A crash in C code (a segmentation fault in an extension) dumps every thread's Python stack to
# stderr before the worker dies: the first thing to read after "Worker was sent SIGSEGV".
faulthandler.enable(file=sys.stderr, all_threads=True)


def post_fork(server, worker):
    """Keep the crash dump on in each worker, writing to the worker's own stderr."""
    faulthandler.enable(file=sys.stderr, all_threads=True)


#: "Service Restart": the editor reconnects (to another worker) and resends what the server lacks
SERVICE_RESTART = 1012


def post_worker_init(worker):
    """Watch for this worker to start leaving, to let its pad editors go at once."""
    threading.Thread(target=_close_pads_when_leaving, args=(worker,), name="close-pads-on-exit",
                     daemon=True).start()


def _close_pads_when_leaving(worker):
    """Close this worker's pad sockets once it stops taking requests (recycled or told to stop).

    An open pad socket is a request in flight: left open, it holds a leaving worker for its whole
    graceful_timeout and then its exit, while a single worker's replacement waits for it. Closed
    with 1012, the browser reconnects within a few seconds to a worker that serves.
    """
    while worker.alive:
        time.sleep(0.2)
    hub = getattr(worker.wsgi, "extensions", {}).get("pads")
    if hub is None:
        return
    closed = hub.close_all(SERVICE_RESTART, "The server is restarting; reconnecting.")
    if closed:
        logging.getLogger("gunicorn.error").info("Closed %d pad sockets for their editors to reconnect.", closed)
