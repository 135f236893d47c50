"""Server-rendered pages: the API docs page and (later) the embeddable widget."""
