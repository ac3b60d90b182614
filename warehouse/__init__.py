"""The departmental warehouse: intake by scan, storage, FEFO picking, anti-waste dispatch, recalls."""
