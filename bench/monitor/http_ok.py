#!/usr/bin/env python3
"""A minimal HTTP/1.1 server for the monitor benchmark's HTTP checks: answers every request with
200 and a 2-byte body, then closes. One process, asyncio, loopback only.

    python3 bench/monitor/http_ok.py 19999
"""
import asyncio
import sys

REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


async def handle(reader, writer):
    try:
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        writer.write(REPLY)
        await writer.drain()
    except Exception:
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
