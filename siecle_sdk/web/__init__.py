"""The exchange served over HTTP: pages in French for the school's staff and a versioned JSON API
for programs, both calling the application layer (``exchange``, ``doctor``) and rendering what it
returns, as the CLI does. It may import every layer below it (``io``, ``models``, ``formats``,
``plugin``, ``rules``, ``report``, ``sandbox``, ``exchange``, ``doctor``, ``tools``) and the
package root; never ``cli``, which imports it to start the server.
"""
