#!/usr/bin/env python3
"""ISO 9564 PIN blocks and key check values made by PyPI's psec, an implementation independent of Pooya's, for its
tests (PooyaTesting's `Psec`).

Reads a JSON list of {"format": "iso0" | "iso3" | "iso4", "key": HEX, "pin": DIGITS, "pan": DIGITS} on standard
input, and writes the same list with "block" (the enciphered PIN block, hex) and "kcv" (the key's check value, 6 hex
digits) added: for TDES keys the first 3 bytes of zeros enciphered, for AES keys of the AES-CMAC of a zero block.
A case with "kbpk" (HEX) and "header" (a TR-31 header such as D0000P0AE00N0000) gets "keyBlock" too: the key
wrapped in a TR-31 key block under the KBPK.
"""
import json
import sys

import psec.des
import psec.pinblock
import psec.tr31
from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import algorithms


def block(case):
    key = bytes.fromhex(case["key"])
    if case["format"] == "iso0":
        return psec.des.encrypt_tdes_ecb(key, psec.pinblock.encode_pinblock_iso_0(case["pin"], case["pan"]))
    if case["format"] == "iso3":
        return psec.des.encrypt_tdes_ecb(key, psec.pinblock.encode_pinblock_iso_3(case["pin"], case["pan"]))
    return psec.pinblock.encipher_pinblock_iso_4(key, case["pin"], case["pan"])


def kcv(case):
    key = bytes.fromhex(case["key"])
    if case["format"] == "iso4":
        mac = cmac.CMAC(algorithms.AES(key))
        mac.update(bytes(16))
        return mac.finalize()[:3]
    return psec.des.generate_kcv(key, 3)


cases = json.load(sys.stdin)
for case in cases:
    case["block"] = block(case).hex().upper()
    case["kcv"] = kcv(case).hex().upper()
    if "kbpk" in case:
        case["keyBlock"] = psec.tr31.wrap(bytes.fromhex(case["kbpk"]), case["header"], bytes.fromhex(case["key"]))
json.dump(cases, sys.stdout)
