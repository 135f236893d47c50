"""Export integrity: canonical bytes, digest, Ed25519 signature, tamper detection."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from advocate.services import signing


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


DOC = {"b": "1412.37", "a": ["é", {"z": True, "y": None}], "n": 3}


def test_canonical_bytes_sort_keys_and_drop_white_space():
    expected = '{"a":["é",{"y":null,"z":true}],"b":"1412.37","n":3}'
    assert signing.canonical_bytes(DOC) == expected.encode()


def test_floats_are_refused_so_every_reader_gets_the_same_bytes():
    with pytest.raises(TypeError, match=r"\$\.cost"):
        signing.canonical_bytes({"cost": 1412.37})


def test_a_signed_document_verifies_with_the_published_key(key):
    signed = signing.sign(DOC, key)
    assert signing.check(signed, signing.public_jwk(key)) == []
    assert signed["integrity"]["digest"] == signing.digest(DOC)


def test_changing_one_figure_breaks_the_digest_and_the_signature(key):
    signed = signing.sign(DOC, key)
    tampered = {**signed, "b": "1.00"}
    problems = signing.check(tampered, signing.public_jwk(key))
    assert any("digest" in p for p in problems) and any("signature" in p for p in problems)


def test_a_signature_from_another_key_is_rejected(key):
    signed = signing.sign(DOC, Ed25519PrivateKey.generate())
    assert signing.check(signed, signing.public_jwk(key)) == [
        "signature does not verify with the published key"]


def test_the_instance_key_is_created_once_and_reused(tmp_path):
    first = signing.public_jwk(signing.load_private_key(None, str(tmp_path)))
    second = signing.public_jwk(signing.load_private_key(None, str(tmp_path)))
    assert first == second
    assert oct((tmp_path / "export-signing-key").stat().st_mode)[-3:] == "600"
