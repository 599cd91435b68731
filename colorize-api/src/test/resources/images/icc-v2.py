# Rewrites Ghostscript's ps_cmyk.icc (ICC v4, 5 KB) as ICC v2: the JDK's LittleCMS cannot re-serialize
# the v4 file, so TwelveMonkeys drops it. Only the text tags change type (mluc -> desc / text); the
# lookup tables (mft2, valid in v2) and the white and black points are copied unchanged.
import struct, sys
src = open(sys.argv[1], 'rb').read()
count = struct.unpack('>I', src[128:132])[0]
tags = []
for i in range(count):
    sig, off, size = struct.unpack('>4sII', src[132 + 12 * i:144 + 12 * i])
    data = src[off:off + size]
    if sig == b'desc':
        text = b'colorize test CMYK (ps_cmyk v2)\0'
        data = b'desc\0\0\0\0' + struct.pack('>I', len(text)) + text + b'\0' * 12 + b'\0' * 67
    elif sig == b'cprt':
        data = b'text\0\0\0\0' + b'Copyright Artifex Software (Ghostscript ps_cmyk.icc)\0'
    tags.append((sig, data))
offset = 128 + 4 + 12 * len(tags)
table, body = b'', b''
for sig, data in tags:
    pad = (-offset) % 4
    body += b'\0' * pad
    offset += pad
    table += struct.pack('>4sII', sig, offset, len(data))
    body += data
    offset += len(data)
header = bytearray(src[:128])
header[0:4] = struct.pack('>I', offset)
header[8:12] = bytes([2, 0x10, 0, 0])
header[84:100] = b'\0' * 16
open(sys.argv[2], 'wb').write(bytes(header) + struct.pack('>I', len(tags)) + table + body)
