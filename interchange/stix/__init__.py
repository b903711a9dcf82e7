"""STIX 2.1 out of the portal: records as objects (records), markings, the portal's extensions, ids, the
builder that takes querysets from selectors, and the bundle. Nothing here knows about HTTP."""
