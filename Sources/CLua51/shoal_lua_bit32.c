/* bit32: the Lua 5.2 bitwise library (as backported for 5.1): numbers are taken modulo 2^32 and results
 * are unsigned 32-bit values. */
#include <math.h>
#include "shoal_lua_internal.h"

typedef uint32_t bits;
#define ALL_ONES (~(bits)0)

static bits check_bits(lua_State *L, int index) {
    lua_Number n = luaL_checknumber(L, index);
    if (!isfinite(n)) return 0;
    lua_Number m = fmod(trunc(n), 4294967296.0);
    if (m < 0) m += 4294967296.0;
    return (bits)(uint64_t)m;
}

static int push_bits(lua_State *L, bits value) {
    lua_pushnumber(L, (lua_Number)value);
    return 1;
}

static bits and_all(lua_State *L) {
    int count = lua_gettop(L);
    bits result = ALL_ONES;
    for (int i = 1; i <= count; i++) result &= check_bits(L, i);
    return result;
}

static int bit_band(lua_State *L) { return push_bits(L, and_all(L)); }

static int bit_btest(lua_State *L) {
    lua_pushboolean(L, and_all(L) != 0);
    return 1;
}

static int bit_bor(lua_State *L) {
    int count = lua_gettop(L);
    bits result = 0;
    for (int i = 1; i <= count; i++) result |= check_bits(L, i);
    return push_bits(L, result);
}

static int bit_bxor(lua_State *L) {
    int count = lua_gettop(L);
    bits result = 0;
    for (int i = 1; i <= count; i++) result ^= check_bits(L, i);
    return push_bits(L, result);
}

static int bit_bnot(lua_State *L) { return push_bits(L, ~check_bits(L, 1)); }

/* Shifts left for positive displacements, right for negative ones; 32 or more clears everything. */
static int shift(lua_State *L, bits value, lua_Number displacement) {
    if (displacement <= -32 || displacement >= 32) return push_bits(L, 0);
    int d = (int)displacement;
    return push_bits(L, d >= 0 ? value << d : value >> -d);
}

static int bit_lshift(lua_State *L) { return shift(L, check_bits(L, 1), trunc(luaL_checknumber(L, 2))); }
static int bit_rshift(lua_State *L) { return shift(L, check_bits(L, 1), -trunc(luaL_checknumber(L, 2))); }

static int bit_arshift(lua_State *L) {
    bits value = check_bits(L, 1);
    lua_Number displacement = trunc(luaL_checknumber(L, 2));
    if (displacement < 0 || !(value & 0x80000000u)) return shift(L, value, -displacement);
    if (displacement >= 32) return push_bits(L, ALL_ONES);
    int d = (int)displacement;
    return push_bits(L, (value >> d) | ~(ALL_ONES >> d));
}

static int rotate(lua_State *L, lua_Number displacement) {
    bits value = check_bits(L, 1);
    int d = (int)fmod(displacement, 32.0) & 31;
    return push_bits(L, d == 0 ? value : (value << d) | (value >> (32 - d)));
}

static int bit_lrotate(lua_State *L) { return rotate(L, trunc(luaL_checknumber(L, 2))); }
static int bit_rrotate(lua_State *L) { return rotate(L, -trunc(luaL_checknumber(L, 2))); }

static int field_arguments(lua_State *L, int first, int *width) {
    lua_Number field = trunc(luaL_checknumber(L, first));
    lua_Number w = trunc(luaL_optnumber(L, first + 1, 1));
    luaL_argcheck(L, field >= 0, first, "field cannot be negative");
    luaL_argcheck(L, w > 0, first + 1, "width must be positive");
    if (field + w > 32) luaL_error(L, "trying to access non-existent bits");
    *width = (int)w;
    return (int)field;
}

static bits mask(int width) { return ~((ALL_ONES << (width - 1)) << 1); }

static int bit_extract(lua_State *L) {
    bits value = check_bits(L, 1);
    int width;
    int field = field_arguments(L, 2, &width);
    return push_bits(L, (value >> field) & mask(width));
}

static int bit_replace(lua_State *L) {
    bits value = check_bits(L, 1);
    bits replacement = check_bits(L, 2);
    int width;
    int field = field_arguments(L, 3, &width);
    bits m = mask(width);
    replacement &= m;
    return push_bits(L, (value & ~(m << field)) | (replacement << field));
}

int shoal_lua_open_bit32(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"arshift", bit_arshift}, {"band", bit_band}, {"bnot", bit_bnot}, {"bor", bit_bor},
        {"btest", bit_btest}, {"bxor", bit_bxor}, {"extract", bit_extract}, {"replace", bit_replace},
        {"lrotate", bit_lrotate}, {"lshift", bit_lshift}, {"rrotate", bit_rrotate}, {"rshift", bit_rshift},
        {NULL, NULL}};
    lua_newtable(L);
    for (const luaL_Reg *entry = functions; entry->name != NULL; entry++) {
        lua_pushcfunction(L, entry->func);
        lua_setfield(L, -2, entry->name);
    }
    return 1;
}
