/* The os subset Nakama exposes (clock, date, difftime, time, all in UTC) and a per-VM math.random. */
#include <math.h>
#include <string.h>
#include <time.h>
#include "shoal_lua_internal.h"

static long long process_start_ns;

__attribute__((constructor)) static void record_process_start(void) {
    process_start_ns = shoal_lua_now_ns();
}

/* os.clock(): wall-clock seconds since the process started (Nakama's meaning, not CPU time). */
static int os_clock(lua_State *L) {
    lua_pushnumber(L, (lua_Number)(shoal_lua_now_ns() - process_start_ns) / 1e9);
    return 1;
}

static int date_field(lua_State *L, const char *key, int default_value) {
    lua_getfield(L, -1, key);
    int result;
    if (lua_isnumber(L, -1)) {
        lua_Number n = lua_tonumber(L, -1);
        if (!(n > -1e9 && n < 1e9)) luaL_error(L, "field '%s' is out-of-bound", key);
        result = (int)n;
    } else {
        if (default_value < 0) luaL_error(L, "field '%s' missing in date table", key);
        result = default_value;
    }
    lua_pop(L, 1);
    return result;
}

/* os.time([t]): now, or the table read as a UTC date (hour defaults to 12, min and sec to 0). */
static int os_time(lua_State *L) {
    time_t t;
    if (lua_isnoneornil(L, 1)) {
        t = time(NULL);
    } else {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_settop(L, 1);
        struct tm fields;
        memset(&fields, 0, sizeof fields);
        fields.tm_sec = date_field(L, "sec", 0);
        fields.tm_min = date_field(L, "min", 0);
        fields.tm_hour = date_field(L, "hour", 12);
        fields.tm_mday = date_field(L, "day", -1);
        fields.tm_mon = date_field(L, "month", -1) - 1;
        fields.tm_year = date_field(L, "year", -1) - 1900;
        t = timegm(&fields);
    }
    if (t == (time_t)-1) {
        lua_pushnil(L);
    } else {
        lua_pushnumber(L, (lua_Number)t);
    }
    return 1;
}

static void set_field(lua_State *L, const char *key, int value) {
    lua_pushinteger(L, value);
    lua_setfield(L, -2, key);
}

/* os.date([format [, t]]): always UTC (a leading '!' is accepted); "*t" gives a 0-based wday. */
static int os_date(lua_State *L) {
    const char *format = luaL_optstring(L, 1, "%c");
    lua_Number when = lua_isnoneornil(L, 2) ? (lua_Number)time(NULL) : luaL_checknumber(L, 2);
    if (*format == '!') format++;
    struct tm fields;
    if (!(when > -1e15 && when < 1e15)) {
        lua_pushnil(L);
        return 1;
    }
    time_t t = (time_t)when;
    if (gmtime_r(&t, &fields) == NULL) {
        lua_pushnil(L);
        return 1;
    }
    if (strcmp(format, "*t") == 0) {
        lua_createtable(L, 0, 9);
        set_field(L, "sec", fields.tm_sec);
        set_field(L, "min", fields.tm_min);
        set_field(L, "hour", fields.tm_hour);
        set_field(L, "day", fields.tm_mday);
        set_field(L, "month", fields.tm_mon + 1);
        set_field(L, "year", fields.tm_year + 1900);
        set_field(L, "wday", fields.tm_wday);
        set_field(L, "yday", fields.tm_yday + 1);
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "isdst");
        return 1;
    }
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    char conversion[3] = {'%', '\0', '\0'};
    for (; *format != '\0'; format++) {
        if (*format != '%' || *(format + 1) == '\0') {
            luaL_addchar(&buffer, *format);
            continue;
        }
        conversion[1] = *(++format);
        char piece[256];
        size_t length = strftime(piece, sizeof piece, conversion, &fields);
        luaL_addlstring(&buffer, piece, length);
    }
    luaL_pushresult(&buffer);
    return 1;
}

static int os_difftime(lua_State *L) {
    lua_pushnumber(L, luaL_checknumber(L, 1) - luaL_optnumber(L, 2, 0));
    return 1;
}

int shoal_lua_open_os(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"clock", os_clock}, {"date", os_date}, {"difftime", os_difftime}, {"time", os_time}, {NULL, NULL}};
    lua_newtable(L);
    for (const luaL_Reg *entry = functions; entry->name != NULL; entry++) {
        lua_pushcfunction(L, entry->func);
        lua_setfield(L, -2, entry->name);
    }
    return 1;
}

/* xorshift64* per VM, so VMs never share (or race on) the C library's generator. */
static lua_Number next_random(lua_State *L) {
    shoal_lua_ctl *ctl = shoal_lua_get_ctl(L);
    uint64_t x = ctl->random_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    ctl->random_state = x;
    return (lua_Number)((x * 0x2545F4914F6CDD1DULL) >> 11) * (1.0 / 9007199254740992.0);
}

static int math_random(lua_State *L) {
    lua_Number r = next_random(L);
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, r);
        break;
    case 1: {
        lua_Number upper = floor(luaL_checknumber(L, 1));
        luaL_argcheck(L, 1 <= upper, 1, "interval is empty");
        lua_pushnumber(L, floor(r * upper) + 1);
        break;
    }
    case 2: {
        lua_Number lower = floor(luaL_checknumber(L, 1));
        lua_Number upper = floor(luaL_checknumber(L, 2));
        luaL_argcheck(L, lower <= upper, 2, "interval is empty");
        lua_pushnumber(L, floor(r * (upper - lower + 1)) + lower);
        break;
    }
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    return 1;
}

static int math_randomseed(lua_State *L) {
    lua_Number seed = luaL_checknumber(L, 1);
    uint64_t state = isfinite(seed) ? (uint64_t)(int64_t)fmod(seed, 9.2e18) : 0;
    state ^= 0x9E3779B97F4A7C15ULL;
    shoal_lua_get_ctl(L)->random_state = state == 0 ? 0x2545F4914F6CDD1DULL : state;
    return 0;
}

void shoal_lua_add_random(lua_State *L) {
    lua_pushcfunction(L, math_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, math_randomseed);
    lua_setfield(L, -2, "randomseed");
}
