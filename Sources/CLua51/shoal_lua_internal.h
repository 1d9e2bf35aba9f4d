/* Declarations shared by the C files of CLua51; not part of the module's public header. */
#ifndef SHOAL_LUA_INTERNAL_H
#define SHOAL_LUA_INTERNAL_H

#include "CLua51.h"

#define SHOAL_HOOK_INSTRUCTIONS 1000
#define SHOAL_REG_MODULES "shoal.modules"
#define SHOAL_REG_LIBRARIES "shoal.libraries"
#define SHOAL_REG_LOADED "shoal.loaded"
#define SHOAL_REG_FROZEN "shoal.frozen"
#define SHOAL_REG_REFS "shoal.refs"
#define SHOAL_REG_TRACEBACK "shoal.traceback"

long long shoal_lua_now_ns(void);
/* Spends `steps` of the budget and checks the deadline; returns non-zero once a limit is spent. */
int shoal_lua_charge(shoal_lua_ctl *ctl, long long steps);
/* Raises the error of the spent limit (never returns). */
int shoal_lua_raise_limit(lua_State *L, shoal_lua_ctl *ctl);
/* Non-zero when the table at `index` was frozen by shoal_lua_freeze_globals. */
int shoal_lua_is_frozen(lua_State *L, int index);
/* Pushes the backing table of the frozen table at `index`. */
void shoal_lua_push_backing(lua_State *L, int index);

int shoal_lua_open_string(lua_State *L);  /* pushes the sandbox string table */
int shoal_lua_open_bit32(lua_State *L);   /* pushes the bit32 table */
int shoal_lua_open_os(lua_State *L);      /* pushes the os table */
void shoal_lua_add_random(lua_State *L);  /* sets random/randomseed in the table on top */

#endif
