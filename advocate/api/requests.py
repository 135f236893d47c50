"""Reading request bodies: JSON (malformed -> 400) or multipart with a NEM12 file."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from advocate.domain import InvalidInput

FORM_LOCATION = ("postcode", "distributor", "zip", "state", "county_fips")
FORM_FIELDS = frozenset({"nem12", "category", "customer_type", "conditions", *FORM_LOCATION})


def load_body(schema: ma.Schema) -> dict:
    """The validated body; marshmallow errors propagate (-> 422 naming each field)."""
    if request.mimetype == "multipart/form-data":
        return schema.load(_from_form())
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("Send application/json, or multipart/form-data with a "
                                   "`nem12` file.")
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest("The body is not valid JSON.")
    if not isinstance(data, dict):
        raise InvalidInput("The body must be a JSON object.", field="_schema")
    return schema.load(data)


def _from_form() -> dict:
    form = request.form
    unknown = sorted(str(name) for name in (set(form) | set(request.files)) - FORM_FIELDS)
    if unknown:  # a name or e-mail beside the meter file is refused, never silently dropped
        raise ma.ValidationError({name: ["Unknown field."] for name in unknown})
    upload = request.files.get("nem12")
    if upload is None:
        raise InvalidInput("attach the meter data file as the `nem12` field", field="nem12")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the NEM12 file is not UTF-8 text", field="nem12") from None
    body: dict = {"category": form.get("category", "electricity"),
                  "location": {k: form[k] for k in FORM_LOCATION if form.get(k)},
                  "usage": {"nem12": text}}
    if form.get("customer_type"):
        body["customer_type"] = form["customer_type"]
    if form.get("conditions"):
        body["conditions"] = [c.strip() for c in form["conditions"].split(",") if c.strip()]
    return body
