"""A loopback HTTP/1.1 server for bench/external_links.sh: answers every HEAD and GET with a
small HTML page (ids `a` and `b`), keeps connections alive, counts requests
(`GET /__count`, not counted itself). Prints its port on standard output once listening.

    python3 bench/link_server.py [--threads]   # stops on SIGTERM / Ctrl-C
"""
import http.server
import sys
import threading

BODY = b'<!doctype html><html><body><h2 id="a">A</h2><p id="b">B</p></body></html>'
count = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
    # delayed ACK hold every GET's body back 40 ms.
    disable_nagle_algorithm = True

    def answer(self, with_body):
        global count
        if self.path == "/__count":
            text = str(count).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
            return
        with lock:
            count += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        if with_body:
            self.wfile.write(BODY)

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
