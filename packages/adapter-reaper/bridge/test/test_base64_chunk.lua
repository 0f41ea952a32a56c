-- Base64 and track state chunks.
return function(T)
  local bridge = T.fresh()
  local base64, chunk = bridge.base64, bridge.chunk

  T.test("base64: RFC 4648 test vectors", function()
    local vectors = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==", fooba = "Zm9vYmE=", foobar = "Zm9vYmFy" }
    for plain, encoded in pairs(vectors) do
      T.eq(base64.encode(plain), encoded, plain)
      T.eq(base64.decode(encoded), plain, encoded)
    end
  end)

  T.test("base64: every byte value round-trips; whitespace is ignored", function()
    local bytes = {}
    for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
    local all = table.concat(bytes)
    T.eq(base64.decode(base64.encode(all)), all)
    T.eq(base64.decode("Zm9v\nYmFy\n"), "foobar")
  end)

  T.test("base64: broken input is refused", function()
    for _, bad in ipairs({ "Zm9", "Zm9v!A==", "=Zm9", "Zg=a", "A===" }) do
      T.raises(function() base64.decode(bad, "state") end, "BAD_ARGS", bad)
    end
  end)

  local trackChunk = table.concat({
    "<TRACK {0A1B}",
    "  NAME \"Song 1 <live>\"",
    "  VOLPAN 1 0 -1 -1 1",
    "  <FXCHAIN",
    "    WNDRECT 0 0 0 0",
    "    SHOW 0",
    "    DOCKED 0",
    "    BYPASS 0 0 0",
    "    <VST \"VST: ReaEQ (Cockos)\" reaeq.vst.so 0 \"\" 1919247729<56535472656571726561657100> \"\"",
    "      cWVlcu5e7f4AAAAAAgAAAAEAAAAAAAAAAgAAAAAAAAACAAAAAQAAAAAAAAACAAAAAAAAAFwAAAABAAAAAAAQAA==",
    "    >",
    "    PRESETNAME \"stock - Flat\"",
    "    FLOATPOS 0 0 0 0",
    "    FXID {11111111-2222-3333-4444-555555555555}",
    "    <PROGRAMENV 3 0",
    "      PARAMBASE 0.5",
    "    >",
    "    WAK 0 0",
    "    BYPASS 1 0 0",
    "    <JS utility/volume \"\"",
    "      0.000000 0.000000 - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
    "    >",
    "    FLOATPOS 0 0 0 0",
    "    FXID {66666666-2222-3333-4444-555555555555}",
    "    WAK 0 0",
    "  >",
    "  <ITEM",
    "    POSITION 2",
    "    <SOURCE WAVE",
    "      FILE \"/mixes/01.wav\"",
    "    >",
    "  >",
    ">",
  }, "\n")

  T.test("chunk: finds the track's own FXCHAIN and one segment per plug-in", function()
    local lines = chunk.lines(trackChunk)
    local first, last = chunk.findFxChain(lines)
    T.eq(first, 4, "first line")
    T.eq(last, 26, "last line")
    local header, segments = chunk.fxSegments(lines, first, last)
    T.eq(#header, 3, "header lines")
    T.eq(#segments, 2, "plug-ins")
    T.eq(#segments[1], 11, "lines of the first plug-in, PROGRAMENV included")
    T.ok(segments[1][1]:match("BYPASS 0 0 0"), "a segment starts at BYPASS")
    T.ok(segments[1][11]:match("WAK"), "and ends before the next BYPASS")
    T.ok(segments[2][1]:match("BYPASS 1 0 0"))
  end)

  T.test("chunk: a track without plug-ins has no chain; CRLF lines are read", function()
    local lines = chunk.lines("<TRACK\r\nNAME x\r\n<ITEM\r\n<FXCHAIN\r\n>\r\n>\r\n>")
    T.eq(lines[2], "NAME x")
    T.eq(chunk.findFxChain(lines), nil, "an FXCHAIN inside an item (take FX) is not the track's")
  end)
end
