"""`drafter serve`: the local web page, another face over the library like the CLI (routes parse the
request, call `drafter.app`, present the answer as JSON or a download)."""
