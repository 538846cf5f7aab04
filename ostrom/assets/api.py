"""Community assets in the API: public reads of the directory (helper A)."""

from ninja import Router

router = Router(tags=["assets"])
