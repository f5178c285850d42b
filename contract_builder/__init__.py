"""contract-builder's core: template packages → validated answers → document model → renderers.

Nothing in this package imports streamlit; the app and the CLI are thin shells over it.
"""

__version__ = "0.1.0"
