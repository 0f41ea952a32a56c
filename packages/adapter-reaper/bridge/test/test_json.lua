-- The bridge's own JSON reader and writer.
return function(T)
  local bridge = T.fresh()
  local json = bridge.json

  T.test("json: encodes scalars the same way in Lua 5.3 and 5.4", function()
    T.eq(json.encode(1), "1")
    T.eq(json.encode(1.0), "1", "a whole float")
    T.eq(json.encode(-0.0), "0")
    T.eq(json.encode(2.5), "2.5")
    T.eq(json.encode(0.1), "0.10000000000000001")
    T.eq(json.encode(1 / 3), "0.33333333333333331")
    T.eq(json.encode(1e300), "1.0000000000000001e+300")
    T.eq(json.encode(true), "true")
    T.eq(json.encode(json.null), "null")
    T.eq(json.encode(0 / 0), "null", "NaN")
    T.eq(json.encode(math.huge), "null", "infinity")
  end)

  T.test("json: numbers round-trip exactly", function()
    for _, v in ipairs({ 0.1, 1 / 3, 123456.789, 2 ^ 53, -1e-300, 88200 / 44100, 4 / 75 }) do
      T.eq(json.decode(json.encode(v)), v, "round trip of " .. tostring(v))
    end
    T.eq(math.type(json.decode("42")), "integer")
    T.eq(math.type(json.decode("42.0")), "float")
    T.eq(math.type(json.decode("4e1")), "float")
    T.eq(json.decode("-0.5e-3"), -0.0005)
  end)

  T.test("json: escapes control characters, quotes and backslashes", function()
    T.eq(json.encode("a\"b\\c\n\t\r\b\f\0\1\127"), '"a\\"b\\\\c\\n\\t\\r\\b\\f\\u0000\\u0001\\u007f"')
    T.eq(json.decode('"a\\"b\\\\c\\n\\t\\/\\u0041"'), 'a"b\\c\n\t/A')
  end)

  T.test("json: UTF-8 passes through; \\u escapes and surrogate pairs decode to UTF-8", function()
    T.eq(json.encode("Sigur Rós ✓"), '"Sigur Rós ✓"')
    T.eq(json.decode('"\\u00e9\\u2713\\ud83c\\udfb5"'), "é✓🎵")
    T.eq(json.decode('"\\ud800x"'), "\239\191\189x", "a lone surrogate becomes U+FFFD")
  end)

  T.test("json: text that is not UTF-8 is read as Latin-1", function()
    T.eq(json.encode("Caf\233"), '"Café"')
  end)

  T.test("json: arrays, objects, empty ones and nesting", function()
    T.eq(json.encode({ 1, 2, { a = 1 } }), '[1,2,{"a":1}]')
    T.eq(json.encode({ b = 1, a = { } }), '{"a":[],"b":1}', "keys are sorted, an empty table is a list")
    T.eq(json.encode(json.object()), "{}")
    T.eq(json.encode(json.array()), "[]")
    local v = json.decode(' { "a" : [ 1 , null , { "b" : null } ] , "c" : "" } ')
    T.eq(v.a[1], 1)
    T.eq(v.a[2], json.null, "null keeps its place in a list")
    T.eq(next(v.a[3]), nil, "a null member is left out")
    T.eq(v.c, "")
    T.eq(json.encode(json.decode("{}")), "{}", "a decoded empty object stays an object")
    T.eq(json.encode(json.decode("[]")), "[]")
  end)

  T.test("json: broken text is refused with the byte offset", function()
    local cases = {
      { "", "unexpected end of text at byte 1" },
      { "[1,2", "expected ',' or ']' at byte 5" },
      { '{"a" 1}', "expected ':' at byte 6" },
      { '{a:1}', "expected a member name at byte 2" },
      { '"abc', "unterminated string" },
      { '"a\nb"', "control character in a string at byte 3" },
      { '"\\x"', "bad escape \\x" },
      { '"\\u12"', "bad \\u escape" },
      { "01", "bad number" },
      { "1 2", "text after the JSON value at byte 3" },
      { "[tru]", "unexpected character 't'" },
      { "{\"a\":1,}", "expected a member name at byte 8" },
    }
    for _, case in ipairs(cases) do
      local err = T.raises(function() json.decode(case[1]) end, "BAD_JSON", case[1])
      T.ok(err.message:find(case[2], 1, true), "message for " .. case[1] .. " names the problem: " .. err.message)
    end
  end)

  T.test("json: deep nesting is refused, not a stack overflow", function()
    local err = T.raises(function() json.decode(string.rep("[", 100000)) end, "BAD_JSON")
    T.ok(err.message:find("nested too deeply", 1, true), err.message)
  end)
end
