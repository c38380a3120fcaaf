#!/usr/bin/env python3
"""SSE client for POST /v2/models/{name}/generate_stream (docs/streaming.md, acceptance).

Sends a plain transcript, prints one line per server-sent event as it arrives (the agent
and the first line of its report section, then the final totals) and exits 1 unless every
agent's event came before one final event. Needs httpx (Debian: python3-httpx).

Usage: generate-stream-client.py [--url http://localhost:8080] [--model podcast-pipeline]
"""
import argparse
import json
import sys

import httpx

TRANSCRIPT = (
    "[00:00:05] Dana: In 2025 our idle cost fell by 62 percent after we moved to scale-to-zero.\n"
    "[00:01:10] Sam: Cold starts matter more than peak throughput for agent workloads."
)


def events(response):
    """Yields (event name, parsed data) per SSE event."""
    name, data = "message", []
    for line in response.iter_lines():
        line = line.rstrip("\r\n")  # httpx 0.23 hands the blank line over as "\n"
        if line == "":
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--model", default="podcast-pipeline")
    options = parser.parse_args()
    body = {"text_input": TRANSCRIPT, "parameters": {"title": "Scaling agents"}}
    agents, finals = [], []
    with httpx.stream("POST", f"{options.url}/v2/models/{options.model}/generate_stream", json=body, timeout=120) as response:
        if response.status_code != 200:
            print(f"HTTP {response.status_code}: {response.read().decode()}")
            return 1
        print("content-type:", response.headers["content-type"])
        for name, data in events(response):
            if name == "error":
                print("error event:", data["error"])
                return 1
            if "agent" in data:
                status = data["error"]["code"] if "error" in data else "ok"
                print(f"agent {data['agent']}: {status}: {data['text_output'].splitlines()[0]}")
                agents.append(data["agent"])
            else:
                parameters = data.get("parameters", {})
                totals = {key: parameters.get(key) for key in ("input_tokens", "output_tokens", "cost_usd", "partial", "cache_hit")}
                print(f"final: {len(data['text_output'])} chars of report, {json.dumps(totals)}")
                finals.append(data)
    ok = sorted(agents) == ["fact-checker", "insights", "summarizer"] and len(finals) == 1
    print("OK: each agent, then the final" if ok else "FAILED: unexpected events")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
