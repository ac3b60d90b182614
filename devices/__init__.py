"""Hardware behind small interfaces: barcode scanner, scale, receipt printer and cash drawer.

Imports nothing of the rest of the project. Entry points:

- ``devices.config.build_hub(config)`` -> ``devices.hub.DeviceHub`` (``start``, ``subscribe``,
  ``print_receipt``, ``open_drawer``, ``scale_command``, ``request_weight``, ``stop``)
- ``devices.receipt``: the receipt document model (``Receipt``, ``Text``, ``Columns``, ...)
- ``devices.interfaces``: ``Scan``, ``ScaleReading``, ``PrinterStatus`` and the protocols
- ``devices.fakes``: ``FakeScanner``, ``FakeScale``, ``FakePrinter`` for the other rooms' tests
- ``devices.cli.devices_group``: the ``devices`` command group (doctor, replay, read-weight,
  print-test, simulate)
"""
