"""The typed catalog: frozen objects built once from validated YAML (records, deals, needs, events, stations).

The one privacy projection from them to public fields is xyhf/views.py.
"""
