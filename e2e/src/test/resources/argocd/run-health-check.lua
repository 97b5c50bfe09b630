-- Runs an Argo CD health script the way Argo CD does: the resource is the global `obj`, the script's chunk
-- returns the health table. Prints status and message on two lines for the JUnit test to compare.
--
-- usage: lua5.4 run-health-check.lua HEALTH_SCRIPT RESOURCE_AS_LUA
local script, resource = arg[1], arg[2]
obj = dofile(resource)
local hs = dofile(script)
assert(type(hs) == "table", "the health script returned a " .. type(hs) .. ", not a table")
io.write(tostring(hs.status), "\n", tostring(hs.message), "\n")
