"""Device benchmarks: scale read overhead over a pseudo-terminal, key-stream decoding throughput.

    .venv/bin/python bench/devices.py

1. Scale: a Mettler Toledo 8217 simulator on a pty answers "W"; the driver's full read (flush,
   write, read the frame, parse, minimum check) is timed. A pty moves bytes at once, so the time
   measured is what the software adds on top of the wire; the wire time of the same exchange at
   9600 baud 7E1 (10 bits per character) is printed beside it. Target: p99 overhead <= 2 ms.
   Its floor, interleaved with the reads: the bare exchange on the same open port ("W" written,
   the reply read up to CR, no parsing), i.e. pyserial, the pty and the simulator thread.
2. Decoder: AZERTY key streams as the kernel delivers them (EV_MSC, EV_KEY, EV_SYN per key) for
   EAN-13 and GS1-128 scans, decoded with the fr layout. Target: >= 2000 scans per second.
   Its floor: the same events handed one by one to a method that does nothing (the Python loop
   and call the decoder cannot avoid).

Machines differ: the ratio keys (`*_vs_*_floor`) compare each figure with its floor measured in
the same run. Ends with one JSON line whose keys name their unit.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

# Run as a script, bench/ is first on sys.path and this file would shadow the devices package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from devices.keydecoder import KeyDecoder  # noqa: E402
from devices.keyencoder import KeyEncoder  # noqa: E402
from devices.keymaps import LAYOUTS  # noqa: E402
from devices.scale_serial import SerialScale  # noqa: E402
from devices.scale_sim import PtyScaleSimulator, ScaleModel  # noqa: E402

SCALE_READS = 2000
DECODE_SCANS = 20000
BITS_PER_CHAR = 10  # start + 7 data + parity + stop
BAUD = 9600


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def bench_scale() -> dict[str, float]:
    with PtyScaleSimulator("toledo8217", ScaleModel(gross_grams=1234)) as sim:
        scale = SerialScale(sim.path, "toledo8217", timeout=1.0)
        try:
            first = scale.read()
            assert first.grams == 1234, first
            port = scale._serial  # the driver's own open port: the floor uses the very same link
            for _ in range(100):  # warm-up
                scale.read()
            timings, floor = [], []
            for _ in range(SCALE_READS):
                start = time.perf_counter()
                reading = scale.read()
                timings.append((time.perf_counter() - start) * 1000)
                assert reading.grams == 1234, reading
                floor.append(bare_exchange(port))
        finally:
            scale.close()
    wire_ms = (len(b"W") + len(first.raw)) * BITS_PER_CHAR / BAUD * 1000
    return {"scale_overhead_p50_ms": statistics.median(timings),
            "scale_overhead_p99_ms": percentile(timings, 0.99),
            "scale_overhead_max_ms": max(timings),
            "scale_wire_time_ms": wire_ms,
            "scale_floor_p50_ms": statistics.median(floor), "scale_floor_p99_ms": percentile(floor, 0.99)}


def bare_exchange(port) -> float:
    start = time.perf_counter()
    port.write(b"W")
    reply = port.read_until(b"\r", 64)
    elapsed = (time.perf_counter() - start) * 1000
    assert reply.endswith(b"\r"), reply
    return elapsed


def kernel_stream(text: str) -> list[tuple[int, int, int]]:
    """Key events as evdev delivers them: a scan code, the key, a report, for every key."""
    events = []
    for etype, code, value in KeyEncoder(LAYOUTS["fr"], syn=False).encode(text):
        events += [(4, 4, 458752 + code), (etype, code, value), (0, 0, 0)]
    return events


def bench_decoder() -> dict[str, float]:
    samples = ["3017620422003", "]C10103017620422003" + "10LOT42\x1d17261231", "5449000000996",
               "]d2010356007097682917251130" + "10AB-12\x1d3103000750"]
    streams = [kernel_stream(text) for text in samples]
    events = [event for n in range(DECODE_SCANS) for event in streams[n % len(streams)]]
    decoder = KeyDecoder(LAYOUTS["fr"])
    decoder.feed_all(events[: len(events) // 10])  # warm-up
    start = time.perf_counter()
    scans = decoder.feed_all(events)
    elapsed = time.perf_counter() - start
    assert len(scans) == DECODE_SCANS and scans[0].data == samples[0], scans[:1]
    floor = loop_floor(events)
    return {"decode_scans_per_s": len(scans) / elapsed, "decode_events_per_s": len(events) / elapsed,
            "decode_us_per_event": elapsed / len(events) * 1e6, "loop_floor_us_per_event": floor / len(events) * 1e6}


class _NoOp:
    def feed(self, etype: int, code: int, value: int) -> None:
        return None


def loop_floor(events: list[tuple[int, int, int]]) -> float:
    """Seconds to hand the events to a method that does nothing, the way feed_all does."""
    feed = _NoOp().feed
    start = time.perf_counter()
    _ = [None for etype, code, value in events if feed(etype, code, value) is not None]
    return time.perf_counter() - start


def main() -> None:
    scale = bench_scale()
    scale["scale_overhead_p99_vs_pty_floor"] = scale["scale_overhead_p99_ms"] / scale["scale_floor_p99_ms"]
    print(f"Scale (Toledo 8217 over a pty, {SCALE_READS} reads):")
    print(f"  software overhead p50 {scale['scale_overhead_p50_ms']:.3f} ms, "
          f"p99 {scale['scale_overhead_p99_ms']:.3f} ms, max {scale['scale_overhead_max_ms']:.3f} ms "
          f"(target p99 <= 2 ms)")
    print(f"  floor, the bare exchange on the same port: p50 {scale['scale_floor_p50_ms']:.3f} ms, "
          f"p99 {scale['scale_floor_p99_ms']:.3f} ms; driver p99 = "
          f"{scale['scale_overhead_p99_vs_pty_floor']:.2f} x the floor")
    print(f"  wire time of the same exchange at {BAUD} baud 7E1: {scale['scale_wire_time_ms']:.3f} ms")
    decode = bench_decoder()
    decode["decode_vs_loop_floor"] = decode["decode_us_per_event"] / decode["loop_floor_us_per_event"]
    print(f"Key-stream decoder (fr layout, {DECODE_SCANS} scans): "
          f"{decode['decode_scans_per_s']:.0f} scans/s, {decode['decode_events_per_s']:.0f} events/s "
          "(target >= 2000 scans/s)")
    print(f"  {decode['decode_us_per_event']:.3f} us per event = {decode['decode_vs_loop_floor']:.2f} x the bare "
          f"loop ({decode['loop_floor_us_per_event']:.3f} us per event)")
    result = {key: round(value, 4) for key, value in {**scale, **decode}.items()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
