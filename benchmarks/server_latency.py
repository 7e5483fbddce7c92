"""Latency of POST /v1/lint against a running `replylint serve`: p50 and p99 of sequential requests.

    replylint serve --port 8765 &
    python benchmarks/server_latency.py --url http://127.0.0.1:8765 -n 300

A ~1 KB reply with its customer's message, sent one request at a time after a warm-up, over
one kept-alive connection (as a helpdesk app would) or, with --new-connections, a fresh one per
request (as `replylint sendmail-wrap --server` does). Targets: p50 <= 15 ms, p99 <= 50 ms.
Loopback only: the server is on this machine.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from urllib.parse import urlsplit

CUSTOMER = """Hi,

I ordered a standing desk (order #48213) three weeks ago and it still hasn't arrived. The tracking
page has said "label created" since the 2nd. Can you tell me where it is? And if it is lost, can I
get a refund of the shipping fee, or should I wait for a replacement?

Thanks,
Dana
"""

REPLY = """Hi Dana,

Thanks for your patience, and I'm sorry the desk is so late. I checked order #48213 with the
warehouse this morning: the first parcel was never collected by the courier, which is why the
tracking page has not moved since the 2nd. That is our mistake, not yours.

I have booked a new collection for tomorrow, so the desk should reach you by Friday. You will get
a new tracking number by email tonight. I have also refunded the shipping fee in full; the refund
shows on your card in three to five working days.

While I was looking, I noticed the desk's cable tray was listed as a separate item on the order
and shipped on its own last week, so you may already have a small box from us. Keep it with the
desk: the assembly guide in the main parcel shows where it fits, on page six.

If Friday does not work for the delivery, reply with a day that suits you and I will move it.
Please do not hesitate to contact us if you have any other questions.

Best regards,
Sam
Support team
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("-n", "--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--token", default=os.environ.get("REPLYLINT_TOKEN"))
    parser.add_argument("--new-connections", action="store_true", help="Open a connection per request.")
    args = parser.parse_args(argv)

    url = urlsplit(args.url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the benchmark only targets a server on this machine (loopback)")
    body = json.dumps({"reply": REPLY, "customer": CUSTOMER}).encode()
    headers = {"Content-Type": "application/json"}
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"

    connection = None

    def post() -> dict:
        nonlocal connection
        if connection is None or args.new_connections:
            if connection is not None:
                connection.close()
            connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
        connection.request("POST", "/v1/lint", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"server answered {response.status}: {data[:200]!r}")
        return json.loads(data)

    for _ in range(args.warmup):
        post()
    samples = []
    for _ in range(args.requests):
        start = time.perf_counter()
        result = post()
        samples.append((time.perf_counter() - start) * 1000)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    command = " ".join(["python", "benchmarks/server_latency.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"command: {command}")
    print(f"reply: {len(REPLY.encode())} bytes, customer: {len(CUSTOMER.encode())} bytes, "
          f"findings per reply: {result['summary']['total']}")
    print(f"{args.requests} sequential requests after {args.warmup} warm-up, "
          f"{'a new connection each' if args.new_connections else 'one kept-alive connection'}")
    print(f"p50 {p50:.1f} ms   p99 {p99:.1f} ms   mean {statistics.mean(samples):.1f} ms   max {max(samples):.1f} ms")
    ok = p50 <= 15 and p99 <= 50
    print(f"target p50 <= 15 ms, p99 <= 50 ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
