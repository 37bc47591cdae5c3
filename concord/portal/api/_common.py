"""The portal API's one router, on which each module registers its endpoints."""

from ninja import Router

router = Router()
