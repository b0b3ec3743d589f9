from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared, model-free helpers (Vietnamese text folding, money formatting); every app may import it."""

    name = "core"
