"""The `replylint serve` HTTP server (app.py) and the stdlib client the sendmail wrapper uses.

Nothing is imported here: the wrapper imports the client without loading Starlette.
"""
