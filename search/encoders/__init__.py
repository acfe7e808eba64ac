"""Text encoders behind one interface; ``get_encoder(name)`` maps a name to a backend."""

from .base import Encoder
from .factory import DEFAULT_ENCODER, get_encoder

__all__ = ["Encoder", "get_encoder", "DEFAULT_ENCODER"]
