"""Canonical JSON, digests and Ed25519 signatures for client exports.

Canonical form (what the digest covers): UTF-8 JSON with keys sorted, no insignificant
white space (`separators=(",", ":")`), non-ASCII kept as is, and no floats anywhere (money and
quantities travel as decimal strings), so that any JSON library reproduces the same bytes —
the subset of RFC 8785 (JSON Canonicalization Scheme) that needs no number formatting rules.
The export's `integrity` member is left out of the bytes it protects.

The signing key is Ed25519 (RFC 8032). It comes from SIGNING_KEY (env ADVOCATE_SIGNING_KEY,
a base64 raw 32-byte private key) or is generated once and kept in the instance folder
(`instance/export-signing-key`); the public key is published at
`/.well-known/advocate-export-key.json` so anyone can verify an export without advocate.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

INTEGRITY = "integrity"


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The canonical serialisation of `document` without its integrity member."""
    body = {key: value for key, value in document.items() if key != INTEGRITY}
    _reject_floats(body)
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _reject_floats(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise TypeError(f"float at {path}: exports carry numbers as decimal strings")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_floats(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reject_floats(item, f"{path}[{index}]")


def digest(document: dict[str, Any]) -> str:
    """`sha256:<hex>` over the canonical bytes."""
    return "sha256:" + hashlib.sha256(canonical_bytes(document)).hexdigest()


def b64(data: bytes) -> str:
    """Unpadded URL-safe base64 (as in JWK)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    """Inverse of `b64`; raises ValueError on garbage."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_private_key(configured: str | None, instance_path: str) -> Ed25519PrivateKey:
    """The configured key, else the one kept in the instance folder (created on first use)."""
    if configured:
        return Ed25519PrivateKey.from_private_bytes(unb64(configured))
    path = Path(instance_path) / "export-signing-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
    return Ed25519PrivateKey.from_private_bytes(path.read_bytes())


def public_jwk(key: Ed25519PrivateKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037 OKP), with a key id derived from it."""
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64(raw), "alg": "EdDSA", "use": "sig",
            "kid": hashlib.sha256(raw).hexdigest()[:16]}


def sign(document: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """`document` with an integrity member: digest, signature over the canonical bytes, kid."""
    payload = canonical_bytes(document)
    return {**{k: v for k, v in document.items() if k != INTEGRITY},
            INTEGRITY: {"digest": "sha256:" + hashlib.sha256(payload).hexdigest(),
                        "signature": b64(key.sign(payload)), "alg": "EdDSA",
                        "kid": public_jwk(key)["kid"],
                        "canonicalization": "sorted-keys compact UTF-8 JSON, no floats"}}


def check(document: dict[str, Any], jwk: dict[str, str]) -> list[str]:
    """Problems with `document`'s integrity against the public `jwk`; empty when it holds."""
    integrity = document.get(INTEGRITY)
    if not isinstance(integrity, dict):
        return ["the export has no integrity member"]
    try:
        payload = canonical_bytes(document)
    except (TypeError, ValueError) as exc:
        return [f"the export cannot be canonicalised: {exc}"]
    problems = []
    if integrity.get("digest") != "sha256:" + hashlib.sha256(payload).hexdigest():
        problems.append("digest mismatch: the content was changed after export")
    try:
        public = Ed25519PublicKey.from_public_bytes(unb64(jwk["x"]))
        public.verify(unb64(str(integrity.get("signature", ""))), payload)
    except (InvalidSignature, ValueError, KeyError):
        problems.append("signature does not verify with the published key")
    return problems
