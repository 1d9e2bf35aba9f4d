/* The sandbox environment: an allow-list of library functions copied into fresh tables, guarded
 * replacements for the base functions that could escape or crash, and in-place freezing. */
#include <limits.h>
#include <string.h>
#include "shoal_lua_internal.h"

int shoal_lua_is_frozen(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE) return 0;
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_FROZEN);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    lua_pushvalue(L, index < 0 && index > LUA_REGISTRYINDEX ? index - 1 : index);
    lua_rawget(L, -2);
    int frozen = !lua_isnil(L, -1);
    lua_pop(L, 2);
    return frozen;
}

void shoal_lua_push_backing(lua_State *L, int index) {
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_FROZEN);
    lua_pushvalue(L, index < 0 && index > LUA_REGISTRYINDEX ? index - 1 : index);
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

static int refuse_write(lua_State *L) {
    return luaL_error(L, "attempt to modify read only table");
}

/* Moves every entry of the table at `index` into a new backing table and leaves the (now empty) table
 * with a protected metatable: reads go to the backing table, writes raise. Identity is kept, so every
 * existing reference (upvalues, function environments) sees the frozen table. */
static void freeze_table(lua_State *L, int index) {
    index = index < 0 ? lua_gettop(L) + index + 1 : index;
    if (shoal_lua_is_frozen(L, index)) return;
    lua_newtable(L);
    int backing = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, backing);
    }
    lua_pushnil(L);
    while (lua_next(L, backing) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, index);
    }
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, backing);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, refuse_write);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, index);
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_FROZEN);
    lua_pushvalue(L, index);
    lua_pushvalue(L, backing);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

static int freeze_all(lua_State *L) {
    static const char *const libraries[] = {"string", "table", "math", "os", "bit32", NULL};
    for (int i = 0; libraries[i] != NULL; i++) {
        lua_getfield(L, LUA_GLOBALSINDEX, libraries[i]);
        if (lua_istable(L, -1)) freeze_table(L, -1);
        lua_pop(L, 1);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_LIBRARIES);
    if (lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            if (lua_istable(L, -1)) freeze_table(L, -1);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    freeze_table(L, -1);
    lua_pop(L, 1);
    return 0;
}

int shoal_lua_freeze_globals(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    ctl->relaxed++;
    int status = lua_cpcall(L, freeze_all, NULL);
    ctl->relaxed--;
    return status;
}

/* --- base library replacements --- */

static int sandbox_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (shoal_lua_is_frozen(L, 1)) return luaL_error(L, "attempt to modify read only table");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int sandbox_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    if (shoal_lua_is_frozen(L, 1)) {
        shoal_lua_push_backing(L, 1);
        lua_replace(L, 1);
    }
    lua_rawget(L, 1);
    return 1;
}

static int sandbox_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (shoal_lua_is_frozen(L, 1)) {
        shoal_lua_push_backing(L, 1);
        lua_replace(L, 1);
    }
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int sandbox_pairs(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* unpack with the range computed in 64 bits and capped, so huge ranges raise instead of overflowing. */
static int sandbox_unpack(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Number first = luaL_optnumber(L, 2, 1);
    lua_Number last = lua_isnoneornil(L, 3) ? (lua_Number)lua_objlen(L, 1) : luaL_checknumber(L, 3);
    if (!(first <= last)) return 0;
    if (first < INT_MIN || last > INT_MAX || last - first >= 7999 || !lua_checkstack(L, (int)(last - first + 1))) {
        return luaL_error(L, "too many results to unpack");
    }
    int from = (int)first, to = (int)last;
    for (int i = from; i <= to; i++) lua_rawgeti(L, 1, i);
    return to - from + 1;
}

static int sandbox_loadstring(lua_State *L) {
    size_t length;
    const char *source = luaL_checklstring(L, 1, &length);
    const char *chunkname = luaL_optstring(L, 2, source);
    if (length > 0 && source[0] == LUA_SIGNATURE[0]) {
        lua_pushnil(L);
        lua_pushliteral(L, "binary chunks are not allowed");
        return 2;
    }
    if (luaL_loadbuffer(L, source, length, chunkname) == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

static int sandbox_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (strcmp(option, "count") == 0) {
        lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT, 0) + lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
        return 1;
    }
    lua_pushinteger(L, 0);
    return 1;
}

static int sandbox_print(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    int count = lua_gettop(L);
    lua_getfield(L, LUA_GLOBALSINDEX, "tostring");
    int tostring_index = lua_gettop(L);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int i = 1; i <= count; i++) {
        lua_pushvalue(L, tostring_index);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        if (lua_tostring(L, -1) == NULL) return luaL_error(L, "'tostring' must return a string to 'print'");
        if (i > 1) {
            /* keep the converted value on top for luaL_addvalue */
            lua_pushliteral(L, "\t");
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        luaL_addvalue(&buffer);
    }
    luaL_pushresult(&buffer);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    if (ctl->print != NULL) {
        ctl->relaxed++;
        ctl->print(ctl->host, text, length);
        ctl->relaxed--;
    }
    return 0;
}

/* pcall/xpcall that cannot swallow a spent instruction budget or deadline: after the protected call
 * returns, the limit error is raised again in this (C) frame. */
static int sandbox_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    if (ctl->exhausted != SHOAL_LIMIT_NONE) return shoal_lua_raise_limit(L, ctl);
    lua_pushboolean(L, status == 0);
    lua_insert(L, 1);
    return lua_gettop(L);
}

/* The message handler xpcall installs: calls the script's handler (upvalue 1) unless a limit is spent.
 * A limit error is raised inside the count hook, where Lua 5.1 has hooks disabled until the error is
 * caught, so a script handler would run unmetered; it is skipped and the error passes through. */
static int xpcall_handler(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    if (ctl->exhausted != SHOAL_LIMIT_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L) {
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    lua_pushcclosure(L, xpcall_handler, 1);
    lua_insert(L, 1);  /* handler, function */
    int status = lua_pcall(L, 0, LUA_MULTRET, 1);
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    if (ctl->exhausted != SHOAL_LIMIT_NONE) return shoal_lua_raise_limit(L, ctl);
    lua_pushboolean(L, status == 0);
    lua_replace(L, 1);
    return lua_gettop(L);
}

/* table.insert/remove/sort write raw; refuse frozen tables, then call the original (upvalue 1). */
static int guard_frozen_call(lua_State *L) {
    if (shoal_lua_is_frozen(L, 1)) return luaL_error(L, "attempt to modify read only table");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Copies source[name] (table at `source`) into the table on top of the stack. */
static void copy_field(lua_State *L, int source, const char *name) {
    lua_getfield(L, source, name);
    lua_setfield(L, -2, name);
}

static void open_library(lua_State *L, lua_CFunction open, const char *name) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

static int build_sandbox(lua_State *L) {
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, SHOAL_REG_FROZEN);
    open_library(L, luaopen_base, "");
    open_library(L, luaopen_table, LUA_TABLIBNAME);
    open_library(L, luaopen_string, LUA_STRLIBNAME);
    open_library(L, luaopen_math, LUA_MATHLIBNAME);
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    int original = lua_gettop(L);

    lua_newtable(L);
    int env = lua_gettop(L);
    static const char *const base_names[] = {
        "assert", "error", "getmetatable", "ipairs", "rawequal", "select", "setmetatable",
        "tonumber", "tostring", "type", "_VERSION", NULL};
    for (int i = 0; base_names[i] != NULL; i++) copy_field(L, original, base_names[i]);
    static const luaL_Reg base_replacements[] = {
        {"rawset", sandbox_rawset}, {"rawget", sandbox_rawget}, {"next", sandbox_next},
        {"unpack", sandbox_unpack}, {"loadstring", sandbox_loadstring},
        {"collectgarbage", sandbox_collectgarbage}, {"print", sandbox_print},
        {"pcall", sandbox_pcall}, {"xpcall", sandbox_xpcall}, {NULL, NULL}};
    for (const luaL_Reg *entry = base_replacements; entry->name != NULL; entry++) {
        lua_pushcfunction(L, entry->func);
        lua_setfield(L, env, entry->name);
    }
    lua_getfield(L, env, "next");
    lua_pushcclosure(L, sandbox_pairs, 1);
    lua_setfield(L, env, "pairs");
    shoal_lua_push_require(L);
    lua_setfield(L, env, "require");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");

    /* string */
    lua_getfield(L, original, "string");
    int original_string = lua_gettop(L);
    shoal_lua_open_string(L);
    static const char *const string_names[] = {"byte", "char", "format", "len", "lower", "reverse", "sub", "upper", NULL};
    for (int i = 0; string_names[i] != NULL; i++) copy_field(L, original_string, string_names[i]);
    int string_table = lua_gettop(L);
    lua_pushvalue(L, string_table);
    lua_setfield(L, env, "string");
    /* The string metatable: methods come from the sandbox table; getmetatable("") sees a frozen view. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, string_table);
    lua_setfield(L, -2, "__index");
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, string_table);
    lua_setfield(L, -2, "__index");
    freeze_table(L, -1);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 4);  /* metatable, "", string table, original string */

    /* table */
    lua_getfield(L, original, "table");
    int original_table = lua_gettop(L);
    lua_newtable(L);
    copy_field(L, original_table, "concat");
    copy_field(L, original_table, "maxn");
    copy_field(L, original_table, "getn");
    static const char *const guarded_table_names[] = {"insert", "remove", "sort", NULL};
    for (int i = 0; guarded_table_names[i] != NULL; i++) {
        lua_getfield(L, original_table, guarded_table_names[i]);
        lua_pushcclosure(L, guard_frozen_call, 1);
        lua_setfield(L, -2, guarded_table_names[i]);
    }
    lua_setfield(L, env, "table");
    lua_pop(L, 1);

    /* math: everything but the process-global random generator, which is replaced per VM. */
    lua_getfield(L, original, "math");
    int original_math = lua_gettop(L);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, original_math) != 0) {
        const char *key = lua_tostring(L, -2);
        if (strcmp(key, "random") == 0 || strcmp(key, "randomseed") == 0) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    shoal_lua_add_random(L);
    lua_setfield(L, env, "math");
    lua_pop(L, 1);

    shoal_lua_open_os(L);
    lua_setfield(L, env, "os");
    shoal_lua_open_bit32(L);
    lua_setfield(L, env, "bit32");

    lua_pushvalue(L, env);
    lua_replace(L, LUA_GLOBALSINDEX);
    return 0;
}

int shoal_lua_open_sandbox(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    ctl->relaxed++;
    int status = lua_cpcall(L, build_sandbox, NULL);
    ctl->relaxed--;
    return status;
}
