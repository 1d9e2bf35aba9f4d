/* The VM's state: capped allocator, count hook, limit-aware pcall, traceback handler, trampoline, require. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "shoal_lua_internal.h"

static char loading_sentinel;
static uint64_t vm_counter;

long long shoal_lua_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

uint64_t shoal_lua_next_vm_id(void) {
    return __atomic_add_fetch(&vm_counter, 1, __ATOMIC_RELAXED);
}

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    shoal_lua_ctl *ctl = (shoal_lua_ctl *)ud;
    if (nsize == 0) {
        free(ptr);
        ctl->mem_used -= osize;
        return NULL;
    }
    if (nsize > osize && ctl->relaxed == 0 && ctl->mem_used - osize + nsize > ctl->mem_limit) {
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) {
        if (nsize > osize) return NULL;
        /* A shrink must not fail: keep the larger block. */
        return ptr;
    }
    ctl->mem_used = ctl->mem_used - osize + nsize;
    return block;
}

shoal_lua_ctl *shoal_lua_get_ctl(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (shoal_lua_ctl *)ud;
}

int shoal_lua_charge(shoal_lua_ctl *ctl, long long steps) {
    ctl->instr_left -= steps;
    if (ctl->exhausted != SHOAL_LIMIT_NONE) return 1;
    if (ctl->instr_left <= 0) {
        ctl->exhausted = SHOAL_LIMIT_INSTRUCTIONS;
    } else if (ctl->deadline_ns != 0 && shoal_lua_now_ns() >= ctl->deadline_ns) {
        ctl->exhausted = SHOAL_LIMIT_TIMEOUT;
    }
    return ctl->exhausted != SHOAL_LIMIT_NONE;
}

int shoal_lua_raise_limit(lua_State *L, shoal_lua_ctl *ctl) {
    if (ctl->exhausted == SHOAL_LIMIT_TIMEOUT) {
        lua_pushliteral(L, "call timeout exceeded");
    } else {
        lua_pushliteral(L, "instruction limit exceeded");
    }
    return lua_error(L);
}

static void count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    if (shoal_lua_charge(ctl, SHOAL_HOOK_INSTRUCTIONS)) shoal_lua_raise_limit(L, ctl);
}

static int panic_handler(lua_State *L) {
    const char *message = lua_tostring(L, -1);
    fprintf(stderr, "shoal: unprotected Lua error: %s\n", message ? message : "?");
    abort();
}

lua_State *shoal_lua_new(size_t mem_limit, long long instr_limit, long long timeout_ms) {
    shoal_lua_ctl *ctl = calloc(1, sizeof(shoal_lua_ctl));
    if (ctl == NULL) return NULL;
    ctl->mem_limit = mem_limit;
    ctl->relaxed = 1;
    ctl->instr_limit = instr_limit;
    ctl->instr_left = instr_limit;
    ctl->timeout_ns = timeout_ms * 1000000LL;
    ctl->random_state = (uint64_t)shoal_lua_now_ns() ^ (shoal_lua_next_vm_id() * 0x9E3779B97F4A7C15ULL);
    if (ctl->random_state == 0) ctl->random_state = 0x2545F4914F6CDD1DULL;
    lua_State *L = lua_newstate(limited_alloc, ctl);
    if (L == NULL) {
        free(ctl);
        return NULL;
    }
    lua_atpanic(L, panic_handler);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, SHOAL_HOOK_INSTRUCTIONS);
    return L;
}

void shoal_lua_close(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    ctl->relaxed = 1;
    lua_close(L);
    free(ctl);
}

void shoal_lua_collect(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    ctl->relaxed++;
    lua_gc(L, LUA_GCCOLLECT, 0);
    ctl->relaxed--;
}

int shoal_lua_pcall(lua_State *L, int nargs, int nresults, int errfunc) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    if (ctl->call_depth == 0) {
        ctl->instr_left = ctl->instr_limit;
        ctl->exhausted = SHOAL_LIMIT_NONE;
        ctl->deadline_ns = ctl->timeout_ns > 0 ? shoal_lua_now_ns() + ctl->timeout_ns : 0;
        lua_pushnil(L);
        lua_setfield(L, LUA_REGISTRYINDEX, SHOAL_REG_TRACEBACK);
    }
    int saved_relaxed = ctl->relaxed;
    ctl->relaxed = 0;
    ctl->call_depth++;
    int status = lua_pcall(L, nargs, nresults, errfunc);
    ctl->call_depth--;
    ctl->relaxed = saved_relaxed;
    if (status == LUA_ERRMEM) shoal_lua_collect(L);
    return status;
}

/* Message handler: records a traceback in the registry (first failure of a call wins) and returns the
 * error value untouched, so table errors keep their code. Runs relaxed: it must not fail itself. */
static int message_handler(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_TRACEBACK);
    int recorded = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (recorded) return 1;
    ctl->relaxed++;
    int base = lua_gettop(L);
    lua_Debug ar;
    int level = 1;
    lua_pushliteral(L, "stack traceback:");
    while (lua_getstack(L, level, &ar)) {
        if (level > 20) {
            lua_pushliteral(L, "\n\t...");
            break;
        }
        level++;
        lua_getinfo(L, "Snl", &ar);
        lua_pushfstring(L, "\n\t%s:", ar.short_src);
        if (ar.currentline > 0) lua_pushfstring(L, "%d:", ar.currentline);
        if (*ar.namewhat != '\0') {
            lua_pushfstring(L, " in function '%s'", ar.name);
        } else if (*ar.what == 'm') {
            lua_pushliteral(L, " in main chunk");
        } else if (*ar.what == 'C') {
            lua_pushliteral(L, " ?");
        } else {
            lua_pushfstring(L, " in function <%s:%d>", ar.short_src, ar.linedefined);
        }
        lua_concat(L, lua_gettop(L) - base);
    }
    lua_concat(L, lua_gettop(L) - base);
    lua_setfield(L, LUA_REGISTRYINDEX, SHOAL_REG_TRACEBACK);
    ctl->relaxed--;
    lua_settop(L, 1);
    return 1;
}

void shoal_lua_push_message_handler(lua_State *L) {
    lua_pushcfunction(L, message_handler);
}

void shoal_lua_take_traceback(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, SHOAL_REG_TRACEBACK);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, SHOAL_REG_TRACEBACK);
}

/* Pushes registry[name], creating an empty table there first if needed. */
static void push_registry_table(lua_State *L, const char *name) {
    lua_getfield(L, LUA_REGISTRYINDEX, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, name);
    }
}

int shoal_lua_ref_function(lua_State *L, int index) {
    index = index < 0 && index > LUA_REGISTRYINDEX ? lua_gettop(L) + index + 1 : index;
    push_registry_table(L, SHOAL_REG_REFS);
    lua_pushvalue(L, index);
    lua_rawget(L, -2);
    if (lua_isnumber(L, -1)) {
        int ref = (int)lua_tointeger(L, -1);
        lua_pop(L, 2);
        return ref;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, index);
    int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, index);
    lua_pushinteger(L, ref);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return ref;
}

void shoal_lua_push_ref(lua_State *L, int ref) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
}

void shoal_lua_release_ref(lua_State *L, int ref) {
    push_registry_table(L, SHOAL_REG_REFS);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    if (lua_isfunction(L, -1)) {
        lua_pushnil(L);
        lua_rawset(L, -3);
        luaL_unref(L, LUA_REGISTRYINDEX, ref);
        lua_pop(L, 1);
    } else {
        lua_pop(L, 2);
    }
}

static int trampoline(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    int function_id = (int)lua_tointeger(L, lua_upvalueindex(1));
    if (ctl->dispatch == NULL) return luaL_error(L, "host functions are not available");
    ctl->relaxed++;
    int results = ctl->dispatch(ctl->host, L, function_id);
    ctl->relaxed--;
    if (results < 0) {
        if (lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    if (ctl->exhausted != SHOAL_LIMIT_NONE) return shoal_lua_raise_limit(L, ctl);
    return results;
}

void shoal_lua_push_host_function(lua_State *L, int function_id) {
    lua_pushinteger(L, function_id);
    lua_pushcclosure(L, trampoline, 1);
}

int shoal_lua_add_module(lua_State *L, const char *name, const char *source, size_t length, const char *chunkname) {
    if (length > 0 && source[0] == LUA_SIGNATURE[0]) {
        lua_pushfstring(L, "%s: binary chunks are not allowed", chunkname[0] == '@' ? chunkname + 1 : chunkname);
        return LUA_ERRSYNTAX;
    }
    int status = luaL_loadbuffer(L, source, length, chunkname);
    if (status != 0) return status;
    push_registry_table(L, SHOAL_REG_MODULES);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
    return 0;
}

void shoal_lua_set_library(lua_State *L, const char *name) {
    push_registry_table(L, SHOAL_REG_LIBRARIES);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* require(name): host libraries, then registered modules; each module body runs once per VM. A failed
 * body leaves nothing cached, so a later require runs it again; a require cycle raises an error. */
static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    push_registry_table(L, SHOAL_REG_LOADED);          /* 2 */
    lua_getfield(L, 2, name);
    if (lua_touserdata(L, -1) == &loading_sentinel) {
        return luaL_error(L, "loop or previous error loading module '%s'", name);
    }
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    push_registry_table(L, SHOAL_REG_LIBRARIES);
    lua_getfield(L, -1, name);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 2);
    push_registry_table(L, SHOAL_REG_MODULES);
    lua_getfield(L, -1, name);                         /* 4: module body */
    if (lua_isnil(L, -1)) return luaL_error(L, "module '%s' not found", name);
    lua_pushlightuserdata(L, &loading_sentinel);
    lua_setfield(L, 2, name);
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 1, 1, 0) != 0) {
        lua_pushnil(L);
        lua_setfield(L, 2, name);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
    return 1;
}

void shoal_lua_push_require(lua_State *L) {
    lua_pushcfunction(L, sandbox_require);
}
