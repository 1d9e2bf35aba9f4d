/*
 * CLua51: liblua5.1 plus the sandbox shim used by ShoalLua.
 *
 * Everything that can raise a Lua error (lua_error, luaL_error, luaL_check*) lives in the C files of this
 * target, so a longjmp never crosses a Swift frame. Swift enters Lua only through shoal_lua_pcall and
 * Lua enters Swift only through the trampoline (shoal_lua_push_host_function), which raises the error Swift
 * reported after the Swift frame has returned.
 */
#ifndef CLUA51_H
#define CLUA51_H

#include <stddef.h>
#include <stdint.h>
#include <lua5.1/lua.h>
#include <lua5.1/lauxlib.h>
#include <lua5.1/lualib.h>

/* Why a call stopped early; stays set until the next top-level call resets the budget. */
enum {
    SHOAL_LIMIT_NONE = 0,
    SHOAL_LIMIT_INSTRUCTIONS = 1,
    SHOAL_LIMIT_TIMEOUT = 2
};

/* Calls a Swift host function: returns the number of results pushed, or -1 with the error value on top. */
typedef int (*shoal_lua_dispatch_fn)(void *host, lua_State *L, int function_id);
/* Receives one line written by the sandbox's print. */
typedef void (*shoal_lua_print_fn)(void *host, const char *text, size_t length);

/* Per-VM control block, reachable from C through the allocator's user data. */
typedef struct shoal_lua_ctl {
    size_t mem_used;
    size_t mem_limit;
    int relaxed;                 /* > 0: the allocator never refuses (host code, setup) */
    long long instr_left;
    long long instr_limit;
    long long deadline_ns;       /* CLOCK_MONOTONIC; 0 = none */
    long long timeout_ns;
    int exhausted;               /* SHOAL_LIMIT_* */
    int call_depth;              /* nested shoal_lua_pcall from host functions */
    uint64_t random_state;
    void *host;
    shoal_lua_dispatch_fn dispatch;
    shoal_lua_print_fn print;
} shoal_lua_ctl;

/* Creates a state whose allocator is capped at mem_limit bytes; NULL when even the empty state cannot be made. */
lua_State *shoal_lua_new(size_t mem_limit, long long instr_limit, long long timeout_ms);
void shoal_lua_close(lua_State *L);
shoal_lua_ctl *shoal_lua_get_ctl(lua_State *L);
uint64_t shoal_lua_next_vm_id(void);

/* Builds the sandbox environment (allow-listed libraries, guards, require). Returns 0 or a Lua status. */
int shoal_lua_open_sandbox(lua_State *L);

/* Runs `lua_pcall(L, nargs, nresults, errfunc)` with the allocator strict, the budget reset when this is the
 * outermost call, and the limits applied. Returns the Lua status. */
int shoal_lua_pcall(lua_State *L, int nargs, int nresults, int errfunc);
/* Pushes the message handler that records a traceback (see shoal_lua_take_traceback). */
void shoal_lua_push_message_handler(lua_State *L);
/* Pushes the traceback recorded by the last failing call (or nil) and clears it. */
void shoal_lua_take_traceback(lua_State *L);

/* Compiles `source` (text only) and stores it as the loader of module `name`. Returns 0 or a Lua status
 * with the message on top. */
int shoal_lua_add_module(lua_State *L, const char *name, const char *source, size_t length, const char *chunkname);
/* Registers the table on top (popped) as the value `require(name)` returns. */
void shoal_lua_set_library(lua_State *L, const char *name);
/* Pushes the sandbox's require function. */
void shoal_lua_push_require(lua_State *L);
/* Pushes a C closure that calls the host's dispatch function with `function_id` and the given name. */
void shoal_lua_push_host_function(lua_State *L, int function_id);
/* Freezes _G, the library tables and every host library table. Runs protected; returns a Lua status. */
int shoal_lua_freeze_globals(lua_State *L);

/* Function references: one registry reference per function object. */
int shoal_lua_ref_function(lua_State *L, int index);
void shoal_lua_push_ref(lua_State *L, int ref);
void shoal_lua_release_ref(lua_State *L, int ref);

/* Full garbage collection with the allocator relaxed. */
void shoal_lua_collect(lua_State *L);

/* Function-like macros of the Lua API, which Swift cannot import. */
static inline void shoal_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void shoal_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline int shoal_lua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }

#endif
