"""Media the project makes itself for upload operations: a short, deterministic WAV tone.

Deterministic bytes keep multipart request bodies identical between recording and replay.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from functools import cache

SAMPLE_RATE = 8000
SECONDS = 0.25
FREQUENCY = 440.0


@cache
def tone_wav() -> bytes:
    """A quarter second of a 440 Hz sine, 8 kHz mono 16-bit PCM, as a complete WAV file."""
    frames = int(SAMPLE_RATE * SECONDS)
    samples = (int(12000 * math.sin(2 * math.pi * FREQUENCY * n / SAMPLE_RATE)) for n in range(frames))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return buffer.getvalue()


def upload(name: str = "speech1.wav") -> tuple[str, bytes, str]:
    """The (filename, bytes, content type) tuple the openai SDK accepts for `file=`."""
    return name, tone_wav(), "audio/wav"
