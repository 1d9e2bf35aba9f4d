/// Lua run in every VM before the modules: Nakama compatibility that is easiest to state in Lua.
enum LuaPrelude {
    static let source = #"""
        -- The guide's snippets use a global `nk` without requiring it.
        nk = require("nakama")

        -- Nakama's Lua formats any value with %s and %q (via tostring); PUC-Rio 5.1 accepts only strings and
        -- numbers there. Convert the other arguments of those two conversions before formatting.
        local format, tostring, type, select, unpack, byte, find = string.format, tostring, type, select, unpack, string.byte, string.find
        string.format = function(pattern, ...)
          local count = select("#", ...)
          if count == 0 or type(pattern) ~= "string" then return format(pattern, ...) end
          local arguments = {...}
          local index, position, length = 0, 1, #pattern
          while position <= length do
            local start = find(pattern, "%", position, true)
            if not start then break end
            if byte(pattern, start + 1) == 37 then
              position = start + 2
            else
              local _, finish, conversion = find(pattern, "^[-+ #0]*%d*%.?%d*(%a)", start + 1)
              if not finish then break end
              index = index + 1
              local value = arguments[index]
              if (conversion == "q" or conversion == "s") and type(value) ~= "string" and type(value) ~= "number" then
                arguments[index] = tostring(value)
              end
              position = finish + 1
            end
          end
          return format(pattern, unpack(arguments, 1, count))
        end
        """#
}
