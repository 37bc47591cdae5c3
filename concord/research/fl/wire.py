"""What travels between coordinator and nodes: flat dicts of scalars, text and numpy arrays.

`pack`/`unpack` turn one into a Flower ConfigRecord's values (arrays as .npy bytes) and back, so
simulation and deployment carry the very same messages.
"""

from __future__ import annotations

import io

import numpy as np

Payload = dict[str, object]
ARRAY = "array:"


def pack(payload: Payload) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in payload.items():
        if isinstance(value, np.ndarray):
            buffer = io.BytesIO()
            np.save(buffer, value, allow_pickle=False)
            out[ARRAY + key] = buffer.getvalue()
        else:
            out[key] = value
    return out


def unpack(values: dict[str, object]) -> Payload:
    out: Payload = {}
    for key, value in values.items():
        if key.startswith(ARRAY):
            raw = value if isinstance(value, bytes) else b""
            out[key[len(ARRAY) :]] = np.load(io.BytesIO(raw), allow_pickle=False)
        else:
            out[key] = value
    return out
