#!/usr/bin/env python3
"""The attacks smfront must shrug off, replayed on loopback.

Each subcommand runs one attack for a bounded time and prints one JSON line:
what the attacker achieved (answers by status, rates, bytes) so that
bench/abuse/run.sh can set it beside the good traffic's figures.

  attacks.py ATTACK --host 127.0.0.1 --port P [--source 127.0.0.2] [--feed F] [--duration-s S]

Each attacker connects from its own loopback address (--source), as an outsider
would: the per-address limits then meet the attacker, not the good clients.

Only the Python standard library is used.
"""

import argparse
import base64
import collections
import http.client
import json
import re
import socket
import struct
import threading
import time

ONE_MB = 1024 * 1024


class Tally:
    """Answers by status (or by a transport failure's name), safe across threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()

    def add(self, key):
        with self.lock:
            self.counts[str(key)] += 1

    def total(self):
        return sum(self.counts.values())


SOURCE = None  # (address, 0): where every connection comes from


class Client:
    """One keep-alive HTTP connection that reconnects when the server closes it."""

    def __init__(self, host, port, timeout=10):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None
        self.reconnects = 0

    def request(self, method, target, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout, source_address=SOURCE)
            self.reconnects += 1
        try:
            self.conn.request(method, target, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.getheader("Retry-After"), data, dict(response.getheaders())
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return type(error).__name__, None, b"", {}

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def chat_xml(feed, description="", title="Order 42"):
    return (
        "<SocialContact><feedRefURL>http://localhost/ccp-webapp/ccp/feed/%d</feedRefURL>"
        "<author>Mallory</author><title>%s</title><description>%s</description></SocialContact>"
        % (feed, title, description)
    )


XML = {"Content-Type": "application/xml"}


def until(duration):
    deadline = time.monotonic() + duration
    return lambda: time.monotonic() < deadline


def in_threads(count, work):
    threads = [threading.Thread(target=work, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def big_chat(args):
    """A chat whose description is 1 MB: it must be refused, never fanned out to agents."""
    client, tally, going = Client(args.host, args.port), Tally(), until(args.duration_s)
    body = chat_xml(args.feed, "x" * (ONE_MB - 400))
    while going():
        status, _, _, _ = client.request("POST", "/ccp/chat", body, XML)
        tally.add(status)
        client.close()  # a new customer every time: no session cookie to reuse
    return {"sent": tally.total(), "answers": tally.counts}


def chat_flood(args):
    """Anonymous chats as fast as several connections can make them."""
    tally, going = Tally(), until(args.duration_s)
    retry_after = set()

    def work():
        client = Client(args.host, args.port)
        while going():
            status, after, _, _ = client.request("POST", "/ccp/chat", chat_xml(args.feed), XML)
            tally.add(status)
            if after:
                retry_after.add(after)
            client.close()

    in_threads(args.connections, work)
    return {"sent": tally.total(), "answers": tally.counts, "retry_after": sorted(retry_after)}


def message_flood(args):
    """One chat, then messages just under the 10,000-character limit, as fast as one connection sends them."""
    client, tally, going = Client(args.host, args.port), Tally(), until(args.duration_s)
    status, _, _, headers = client.request("POST", "/ccp/chat", chat_xml(args.feed), XML)
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    if status != 201 or not cookie:
        return {"error": "could not create the chat: %s" % status}
    message = "<Message><body>%s</body></Message>" % ("m" * 9990)
    sent = 0
    while going() and sent < args.count:
        status, _, _, _ = client.request("PUT", "/ccp/chat", message, dict(XML, Cookie=cookie))
        tally.add(status)
        sent += 1
    return {"sent": sent, "answers": tally.counts}


def basic_guess(args):
    """Wrong admin passwords over one keep-alive connection."""
    client, tally, going = Client(args.host, args.port), Tally(), until(args.duration_s)
    started, guess = time.monotonic(), 0
    while going():
        token = base64.b64encode(b"admin:guess-%d" % guess).decode()
        guess += 1
        status, _, _, _ = client.request("GET", "/ccp-webapp/ccp/feed", None, {"Authorization": "Basic " + token})
        tally.add(status)
    elapsed = time.monotonic() - started
    checked = tally.counts.get("401", 0)
    return {"sent": tally.total(), "answers": tally.counts, "checked_per_s": round(checked / elapsed, 1)}


BOSH_NS = "http://jabber.org/protocol/httpbind"


def bosh_create(client, domain):
    body = (
        "<body rid='1000' xmlns='%s' to='%s' xml:lang='en' wait='60' hold='1' ver='1.6' "
        "xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>" % (BOSH_NS, domain)
    )
    status, _, data, _ = client.request("POST", "/http-bind/", body, {"Content-Type": "text/xml; charset=utf-8"})
    text = data.decode("utf-8", "replace")
    sid = re.search(r"sid=['\"]([^'\"]+)['\"]", text)
    condition = re.search(r"condition=['\"]([^'\"]+)['\"]", text)
    return status, sid.group(1) if sid else None, condition.group(1) if condition else None, text


def bosh_unauthenticated(args):
    """BOSH sessions that never log in, as fast as one connection can open them."""
    client, tally, going = Client(args.host, args.port), Tally(), until(args.duration_s)
    while going():
        status, sid, condition, _ = bosh_create(client, args.domain)
        tally.add("session" if sid else (condition or status))
    return {"sent": tally.total(), "answers": tally.counts}


def sasl_guess(args):
    """Wrong passwords by SASL PLAIN, each over a new BOSH session."""
    client, tally, going = Client(args.host, args.port), Tally(), until(args.duration_s)
    started = time.monotonic()
    guess = 0
    while going():
        status, sid, condition, _ = bosh_create(client, args.domain)
        if not sid:
            tally.add("no-session:%s" % (condition or status))
            continue
        token = base64.b64encode(b"\0agent1\0guess-%d" % guess).decode()
        guess += 1
        body = (
            "<body rid='1001' sid='%s' xmlns='%s'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
            "mechanism='PLAIN'>%s</auth></body>" % (sid, BOSH_NS, token)
        )
        status, _, data, _ = client.request("POST", "/http-bind/", body, {"Content-Type": "text/xml; charset=utf-8"})
        text = data.decode("utf-8", "replace")
        failure = re.search(r"<failure[^>]*>\s*<([a-z-]+)", text)
        tally.add(failure.group(1) if failure else ("success" if "<success" in text else status))
    elapsed = time.monotonic() - started
    checked = tally.counts.get("not-authorized", 0)
    return {"sent": tally.total(), "answers": tally.counts, "checked_per_s": round(checked / elapsed, 1)}


def mr_message(kind, *fields):
    body = b"".join(struct.pack(">I", field) for field in fields)
    return struct.pack(">II", len(body), kind) + body


def mr_flood(args):
    """OPEN_REQ, then HEARTBEAT_REQs as fast as the socket takes them, never reading a reply."""
    sock = socket.create_connection((args.host, args.port), timeout=5, source_address=SOURCE)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # replies pile up on the server's side
    batch = b"".join(mr_message(5, invoke) for invoke in range(2, 2 + 4096))
    sent, closed_after = 0, None
    started = time.monotonic()
    going = until(args.duration_s)
    try:
        sock.sendall(mr_message(3, 1, 1, 30, 5000))
        sock.settimeout(1)
        while going():
            try:
                sent += sock.send(batch)
            except socket.timeout:
                continue  # the server stopped reading: keep pushing until it gives up on us
    except OSError:
        closed_after = round(time.monotonic() - started, 2)
    finally:
        sock.close()
    return {"sent_bytes": sent, "closed_by_server_after_s": closed_after}


def idle_connections(args):
    """As many idle connections as one address can keep open on the HTTP door."""
    socks, refused = [], 0
    for _ in range(args.count):
        try:
            sock = socket.create_connection((args.host, args.port), timeout=2, source_address=SOURCE)
        except OSError:
            refused += 1
            continue
        socks.append(sock)
    time.sleep(0.5)  # a refused connection is closed at once; give the server time to do it
    kept = 0
    for sock in socks:
        sock.setblocking(False)
        try:
            kept += 0 if sock.recv(1) == b"" else 1
        except BlockingIOError:
            kept += 1
        except OSError:
            pass
    deadline = time.monotonic() + args.duration_s
    while time.monotonic() < deadline:
        time.sleep(0.2)
    for sock in socks:
        sock.close()
    return {"opened": args.count, "kept_open": kept, "refused_at_connect": refused}


def search_all(args):
    """An admin asking for every contact (200 a page, SocialMiner's largest) with transcripts, again and again."""
    client, tally, going = Client(args.host, args.port, timeout=30), Tally(), until(args.duration_s)
    token = base64.b64encode(args.admin.encode()).decode()
    longest, biggest = 0.0, 0
    while going():
        started = time.monotonic()
        status, _, data, _ = client.request(
            "GET", "/ccp-webapp/ccp/search/contacts?q=*&count=200", None, {"Authorization": "Basic " + token}
        )
        longest = max(longest, time.monotonic() - started)
        biggest = max(biggest, len(data))
        tally.add(status)
    return {"sent": tally.total(), "answers": tally.counts, "slowest_s": round(longest, 3), "largest_bytes": biggest}


ATTACKS = {
    "big-chat": big_chat,
    "chat-flood": chat_flood,
    "message-flood": message_flood,
    "basic-guess": basic_guess,
    "bosh-unauthenticated": bosh_unauthenticated,
    "sasl-guess": sasl_guess,
    "mr-flood": mr_flood,
    "idle-connections": idle_connections,
    "search-all": search_all,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attack", choices=sorted(ATTACKS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--source", default="127.0.0.2", help="the loopback address the attacker connects from")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--feed", type=int, default=100000)
    parser.add_argument("--domain", default="localhost")
    parser.add_argument("--admin", default="admin:secret", help="user:password for search-all")
    parser.add_argument("--duration-s", type=float, default=20)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    global SOURCE
    SOURCE = (args.source, 0)
    outcome = ATTACKS[args.attack](args)
    print(json.dumps({"attack": args.attack, **dict(sorted(outcome.items()))}), flush=True)


if __name__ == "__main__":
    main()
