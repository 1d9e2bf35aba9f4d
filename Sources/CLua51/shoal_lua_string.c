/* Bounded replacements for the string functions that can run away inside one C call: the pattern
 * functions (find, match, gmatch, gsub) and rep. Pattern semantics follow Lua 5.1; every matcher step is
 * charged to the VM's instruction budget (so the count hook's limit and deadline also hold inside a match),
 * and the matcher's recursion depth is capped so it cannot overflow the C stack. */
#include <ctype.h>
#include <string.h>
#include "shoal_lua_internal.h"

#define PATTERN_ESCAPE '%'
#define PATTERN_SPECIALS "^$*+?.([%-"
#define MAX_CAPTURES 32
#define MAX_MATCH_DEPTH 200
#define CAPTURE_UNFINISHED (-1)
#define CAPTURE_POSITION (-2)
#define STEP_BATCH 1000

typedef struct {
    const char *source_start;
    const char *source_end;
    lua_State *L;
    shoal_lua_ctl *ctl;
    int level;
    int depth;
    long long pending_steps;
    struct {
        const char *start;
        ptrdiff_t length;
    } captures[MAX_CAPTURES];
} match_state;

static void charge(match_state *ms, long long steps) {
    ms->pending_steps += steps;
    if (ms->pending_steps >= STEP_BATCH) {
        long long spent = ms->pending_steps;
        ms->pending_steps = 0;
        if (shoal_lua_charge(ms->ctl, spent)) shoal_lua_raise_limit(ms->L, ms->ctl);
    }
}

static void init_state(match_state *ms, lua_State *L, const char *s, size_t length) {
    ms->source_start = s;
    ms->source_end = s + length;
    ms->L = L;
    ms->ctl = shoal_lua_get_ctl(L);
    ms->level = 0;
    ms->depth = 0;
    ms->pending_steps = 0;
}

static const char *match_here(match_state *ms, const char *s, const char *p);

static int check_capture(match_state *ms, int index) {
    index -= '1';
    if (index < 0 || index >= ms->level || ms->captures[index].length == CAPTURE_UNFINISHED) {
        return luaL_error(ms->L, "invalid capture index");
    }
    return index;
}

static int capture_to_close(match_state *ms) {
    int level = ms->level - 1;
    for (; level >= 0; level--) {
        if (ms->captures[level].length == CAPTURE_UNFINISHED) return level;
    }
    return luaL_error(ms->L, "invalid pattern capture");
}

static const char *class_end(match_state *ms, const char *p) {
    switch (*p++) {
    case PATTERN_ESCAPE:
        if (*p == '\0') luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (*p == '^') p++;
        do {
            if (*p == '\0') luaL_error(ms->L, "malformed pattern (missing ']')");
            if (*(p++) == PATTERN_ESCAPE && *p != '\0') p++;
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

static int match_class(int c, int class_char) {
    int result;
    switch (tolower(class_char)) {
    case 'a': result = isalpha(c); break;
    case 'c': result = iscntrl(c); break;
    case 'd': result = isdigit(c); break;
    case 'l': result = islower(c); break;
    case 'p': result = ispunct(c); break;
    case 's': result = isspace(c); break;
    case 'u': result = isupper(c); break;
    case 'w': result = isalnum(c); break;
    case 'x': result = isxdigit(c); break;
    case 'z': result = (c == 0); break;
    default: return class_char == c;
    }
    if (isupper(class_char)) result = !result;
    return result;
}

/* `p` points at '[', `class_last` at the closing ']'. */
static int match_bracket_class(int c, const char *p, const char *class_last) {
    int matches_when_found = 1;
    if (*(p + 1) == '^') {
        matches_when_found = 0;
        p++;
    }
    while (++p < class_last) {
        if (*p == PATTERN_ESCAPE) {
            p++;
            if (match_class(c, (unsigned char)*p)) return matches_when_found;
        } else if (*(p + 1) == '-' && p + 2 < class_last) {
            p += 2;
            if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p) return matches_when_found;
        } else if ((unsigned char)*p == c) {
            return matches_when_found;
        }
    }
    return !matches_when_found;
}

static int single_match(int c, const char *p, const char *ep) {
    switch (*p) {
    case '.': return 1;
    case PATTERN_ESCAPE: return match_class(c, (unsigned char)*(p + 1));
    case '[': return match_bracket_class(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *match_balance(match_state *ms, const char *s, const char *p) {
    if (*p == '\0' || *(p + 1) == '\0') luaL_error(ms->L, "unbalanced pattern");
    if (s >= ms->source_end || *s != *p) return NULL;
    int open = *p, close = *(p + 1), depth = 1;
    while (++s < ms->source_end) {
        charge(ms, 1);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

static const char *max_expand(match_state *ms, const char *s, const char *p, const char *ep) {
    ptrdiff_t count = 0;
    while (s + count < ms->source_end && single_match((unsigned char)*(s + count), p, ep)) {
        charge(ms, 1);
        count++;
    }
    while (count >= 0) {
        const char *result = match_here(ms, s + count, ep + 1);
        if (result != NULL) return result;
        count--;
    }
    return NULL;
}

static const char *min_expand(match_state *ms, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *result = match_here(ms, s, ep + 1);
        if (result != NULL) return result;
        if (s < ms->source_end && single_match((unsigned char)*s, p, ep)) {
            s++;
        } else {
            return NULL;
        }
    }
}

static const char *start_capture(match_state *ms, const char *s, const char *p, int what) {
    if (ms->level >= MAX_CAPTURES) luaL_error(ms->L, "too many captures");
    ms->captures[ms->level].start = s;
    ms->captures[ms->level].length = what;
    ms->level++;
    const char *result = match_here(ms, s, p);
    if (result == NULL) ms->level--;
    return result;
}

static const char *end_capture(match_state *ms, const char *s, const char *p) {
    int index = capture_to_close(ms);
    ms->captures[index].length = s - ms->captures[index].start;
    const char *result = match_here(ms, s, p);
    if (result == NULL) ms->captures[index].length = CAPTURE_UNFINISHED;
    return result;
}

static const char *match_capture(match_state *ms, const char *s, int index) {
    index = check_capture(ms, index);
    size_t length = (size_t)ms->captures[index].length;
    charge(ms, (long long)(length / 64));
    if ((size_t)(ms->source_end - s) >= length && memcmp(ms->captures[index].start, s, length) == 0) {
        return s + length;
    }
    return NULL;
}

static const char *match_loop(match_state *ms, const char *s, const char *p) {
    for (;;) {
        charge(ms, 1);
        switch (*p) {
        case '\0':
            return s;
        case '(':
            if (*(p + 1) == ')') return start_capture(ms, s, p + 2, CAPTURE_POSITION);
            return start_capture(ms, s, p + 1, CAPTURE_UNFINISHED);
        case ')':
            return end_capture(ms, s, p + 1);
        case '$':
            if (*(p + 1) == '\0') return s == ms->source_end ? s : NULL;
            break;
        case PATTERN_ESCAPE:
            if (*(p + 1) == 'b') {
                s = match_balance(ms, s, p + 2);
                if (s == NULL) return NULL;
                p += 4;
                continue;
            }
            if (*(p + 1) == 'f') {
                p += 2;
                if (*p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
                const char *ep = class_end(ms, p);
                int previous = (s == ms->source_start) ? '\0' : (unsigned char)*(s - 1);
                int current = s < ms->source_end ? (unsigned char)*s : '\0';
                if (match_bracket_class(previous, p, ep - 1) || !match_bracket_class(current, p, ep - 1)) return NULL;
                p = ep;
                continue;
            }
            if (isdigit((unsigned char)*(p + 1))) {
                s = match_capture(ms, s, (unsigned char)*(p + 1));
                if (s == NULL) return NULL;
                p += 2;
                continue;
            }
            break;
        default:
            break;
        }
        const char *ep = class_end(ms, p);
        int matched = s < ms->source_end && single_match((unsigned char)*s, p, ep);
        switch (*ep) {
        case '?': {
            const char *result;
            if (matched && (result = match_here(ms, s + 1, ep + 1)) != NULL) return result;
            p = ep + 1;
            continue;
        }
        case '*':
            return max_expand(ms, s, p, ep);
        case '+':
            return matched ? max_expand(ms, s + 1, p, ep) : NULL;
        case '-':
            return min_expand(ms, s, p, ep);
        default:
            if (!matched) return NULL;
            s++;
            p = ep;
            continue;
        }
    }
}

static const char *match_here(match_state *ms, const char *s, const char *p) {
    if (++ms->depth > MAX_MATCH_DEPTH) luaL_error(ms->L, "pattern too complex");
    const char *result = match_loop(ms, s, p);
    ms->depth--;
    return result;
}

static void push_one_capture(match_state *ms, int index, const char *s, const char *e) {
    if (index >= ms->level) {
        if (index == 0) {
            lua_pushlstring(ms->L, s, (size_t)(e - s));
        } else {
            luaL_error(ms->L, "invalid capture index");
        }
        return;
    }
    ptrdiff_t length = ms->captures[index].length;
    if (length == CAPTURE_UNFINISHED) luaL_error(ms->L, "unfinished capture");
    if (length == CAPTURE_POSITION) {
        lua_pushinteger(ms->L, ms->captures[index].start - ms->source_start + 1);
    } else {
        lua_pushlstring(ms->L, ms->captures[index].start, (size_t)length);
    }
}

static int push_captures(match_state *ms, const char *s, const char *e) {
    int count = (ms->level == 0 && s != NULL) ? 1 : ms->level;
    luaL_checkstack(ms->L, count, "too many captures");
    for (int i = 0; i < count; i++) push_one_capture(ms, i, s, e);
    return count;
}

static ptrdiff_t relative_position(lua_Integer position, size_t length) {
    if (position < 0) position += (lua_Integer)length + 1;
    return position >= 0 ? (ptrdiff_t)position : 0;
}

/* Plain substring search, charged per candidate position in proportion to the needle's length. */
static const char *find_plain(match_state *ms, const char *haystack, size_t haystack_length,
                              const char *needle, size_t needle_length) {
    if (needle_length == 0) return haystack;
    if (needle_length > haystack_length) return NULL;
    const char *last = haystack + (haystack_length - needle_length);
    long long cost = 1 + (long long)(needle_length / 64);
    for (const char *candidate = haystack; candidate <= last; candidate++) {
        charge(ms, cost);
        candidate = memchr(candidate, *needle, (size_t)(last - candidate) + 1);
        if (candidate == NULL) return NULL;
        if (memcmp(candidate + 1, needle + 1, needle_length - 1) == 0) return candidate;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t source_length, pattern_length;
    const char *s = luaL_checklstring(L, 1, &source_length);
    const char *p = luaL_checklstring(L, 2, &pattern_length);
    ptrdiff_t init = relative_position(luaL_optinteger(L, 3, 1), source_length) - 1;
    if (init < 0) {
        init = 0;
    } else if ((size_t)init > source_length) {
        init = (ptrdiff_t)source_length;
    }
    match_state ms;
    init_state(&ms, L, s, source_length);
    if (find && (lua_toboolean(L, 4) || strpbrk(p, PATTERN_SPECIALS) == NULL)) {
        const char *found = find_plain(&ms, s + init, source_length - (size_t)init, p, pattern_length);
        if (found != NULL) {
            lua_pushinteger(L, found - s + 1);
            lua_pushinteger(L, found - s + (ptrdiff_t)pattern_length);
            return 2;
        }
    } else {
        int anchor = (*p == '^');
        if (anchor) p++;
        const char *start = s + init;
        do {
            ms.level = 0;
            ms.depth = 0;
            const char *end = match_here(&ms, start, p);
            if (end != NULL) {
                if (find) {
                    lua_pushinteger(L, start - s + 1);
                    lua_pushinteger(L, end - s);
                    return push_captures(&ms, NULL, NULL) + 2;
                }
                return push_captures(&ms, start, end);
            }
        } while (start++ < ms.source_end && !anchor);
    }
    lua_pushnil(L);
    return 1;
}

static int string_find(lua_State *L) { return find_or_match(L, 1); }
static int string_match(lua_State *L) { return find_or_match(L, 0); }

static int gmatch_next(lua_State *L) {
    size_t source_length;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &source_length);
    const char *p = lua_tostring(L, lua_upvalueindex(2));
    match_state ms;
    init_state(&ms, L, s, source_length);
    for (const char *start = s + (size_t)lua_tointeger(L, lua_upvalueindex(3)); start <= ms.source_end; start++) {
        ms.level = 0;
        ms.depth = 0;
        const char *end = match_here(&ms, start, p);
        if (end != NULL) {
            lua_Integer next_start = end - s;
            if (end == start) next_start++;
            lua_pushinteger(L, next_start);
            lua_replace(L, lua_upvalueindex(3));
            return push_captures(&ms, start, end);
        }
    }
    return 0;
}

static int string_gmatch(lua_State *L) {
    luaL_checkstring(L, 1);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

static void add_replacement_string(match_state *ms, luaL_Buffer *buffer, const char *s, const char *e) {
    size_t length;
    const char *replacement = lua_tolstring(ms->L, 3, &length);
    for (size_t i = 0; i < length; i++) {
        if (replacement[i] != PATTERN_ESCAPE) {
            luaL_addchar(buffer, replacement[i]);
            continue;
        }
        i++;
        if (!isdigit((unsigned char)replacement[i])) {
            luaL_addchar(buffer, replacement[i]);
        } else if (replacement[i] == '0') {
            luaL_addlstring(buffer, s, (size_t)(e - s));
        } else {
            push_one_capture(ms, replacement[i] - '1', s, e);
            luaL_addvalue(buffer);
        }
    }
}

static void add_replacement(match_state *ms, luaL_Buffer *buffer, const char *s, const char *e) {
    lua_State *L = ms->L;
    switch (lua_type(L, 3)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
        add_replacement_string(ms, buffer, s, e);
        return;
    case LUA_TFUNCTION: {
        lua_pushvalue(L, 3);
        int count = push_captures(ms, s, e);
        lua_call(L, count, 1);
        break;
    }
    default:
        push_one_capture(ms, 0, s, e);
        lua_gettable(L, 3);
        break;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        lua_pushlstring(L, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    }
    luaL_addvalue(buffer);
}

static int string_gsub(lua_State *L) {
    size_t source_length;
    const char *source = luaL_checklstring(L, 1, &source_length);
    const char *p = luaL_checkstring(L, 2);
    int replacement_type = lua_type(L, 3);
    lua_Number max_replacements = luaL_optnumber(L, 4, (lua_Number)source_length + 1);
    luaL_argcheck(L, replacement_type == LUA_TNUMBER || replacement_type == LUA_TSTRING ||
                     replacement_type == LUA_TFUNCTION || replacement_type == LUA_TTABLE,
                  3, "string/function/table expected");
    int anchor = (*p == '^');
    if (anchor) p++;
    match_state ms;
    init_state(&ms, L, source, source_length);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    lua_Number count = 0;
    while (count < max_replacements) {
        ms.level = 0;
        ms.depth = 0;
        const char *end = match_here(&ms, source, p);
        if (end != NULL) {
            count++;
            add_replacement(&ms, &buffer, source, end);
        }
        if (end != NULL && end > source) {
            source = end;
        } else if (source < ms.source_end) {
            luaL_addchar(&buffer, *source++);
        } else {
            break;
        }
        if (anchor) break;
    }
    luaL_addlstring(&buffer, source, (size_t)(ms.source_end - source));
    luaL_pushresult(&buffer);
    lua_pushnumber(L, count);
    return 2;
}

/* string.rep(s, n): the result is built in one Lua-allocated block, so its size is checked against the
 * memory limit by the allocator before any copying starts. */
static int string_rep(lua_State *L) {
    size_t length;
    const char *s = luaL_checklstring(L, 1, &length);
    lua_Number count = luaL_checknumber(L, 2);
    if (!(count >= 1) || length == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (count * (lua_Number)length >= (lua_Number)((size_t)-1 / 4)) return luaL_error(L, "resulting string too large");
    size_t total = (size_t)count * length;
    char *block = lua_newuserdata(L, total);
    memcpy(block, s, length);
    size_t filled = length;
    while (filled < total) {
        size_t chunk = filled <= total - filled ? filled : total - filled;
        memcpy(block + filled, block, chunk);
        filled += chunk;
    }
    lua_pushlstring(L, block, total);
    return 1;
}

int shoal_lua_open_string(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", string_find}, {"match", string_match}, {"gmatch", string_gmatch},
        {"gfind", string_gmatch}, {"gsub", string_gsub}, {"rep", string_rep}, {NULL, NULL}};
    lua_newtable(L);
    for (const luaL_Reg *entry = functions; entry->name != NULL; entry++) {
        lua_pushcfunction(L, entry->func);
        lua_setfield(L, -2, entry->name);
    }
    return 1;
}
