// Command argocd-lua runs an Argo CD resource health script the way Argo CD v3 runs it, so that the
// fixtures of examples/argocd/health.lua are judged by the same interpreter and the same rules as in a
// real Argo CD (util/lua/lua.go, runLuaWithResourceActionParameters and ExecuteHealthLua):
//
//   - gopher-lua (Lua 5.1 semantics) at the version Argo CD pins, with the standard libraries skipped and
//     only package, base and table opened, plus Argo's "safe" os (time and date only). No string, math,
//     io or debug library: a script that calls string.format fails here as it fails in Argo CD;
//   - the resource as the global `obj` (JSON numbers become Lua numbers, null becomes nil) and an empty
//     global `actionParams`;
//   - a one-second deadline;
//   - the returned table read back through JSON into {status, message}: a status that is not one of
//     Argo's health codes becomes Unknown with Argo's message, nil becomes an empty status.
//
// usage: argocd-lua HEALTH_SCRIPT RESOURCE_JSON
// prints one JSON object {"status": ..., "message": ...}; a script error goes to stderr with exit code 1.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
	luajson "layeh.com/gopher-json"
)

// Argo CD's health codes (gitops-engine pkg/health); anything else is reported as Unknown.
var healthCodes = map[string]bool{
	"Unknown": true, "Progressing": true, "Healthy": true, "Suspended": true, "Degraded": true, "Missing": true,
}

const invalidHealthStatus = "Lua returned an invalid health status"

type healthStatus struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: argocd-lua HEALTH_SCRIPT RESOURCE_JSON")
		os.Exit(2)
	}
	script, err := os.ReadFile(os.Args[1])
	fail(err)
	raw, err := os.ReadFile(os.Args[2])
	fail(err)
	var resource map[string]any
	fail(json.Unmarshal(raw, &resource))

	health, err := run(string(script), resource)
	fail(err)
	out, err := json.Marshal(health)
	fail(err)
	fmt.Println(string(out))
}

func run(script string, resource map[string]any) (*healthStatus, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return nil, err
		}
	}
	openSafeOs(l)

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("actionParams", l.CreateTable(0, 0))
	l.SetGlobal("obj", decode(l, resource))

	if err := l.DoString(script); err != nil {
		return nil, err
	}
	returned := l.Get(-1)
	switch returned.Type() {
	case lua.LTNil:
		return &healthStatus{}, nil
	case lua.LTTable:
	default:
		return nil, fmt.Errorf("expect table output from Lua script, not %s", returned.Type())
	}
	encoded, err := luajson.Encode(returned)
	if err != nil {
		return nil, err
	}
	health := &healthStatus{}
	if err := json.Unmarshal(encoded, health); err != nil {
		// Argo CD treats a table that encodes as a JSON array (e.g. an empty table) as an empty status.
		if _, isType := err.(*json.UnmarshalTypeError); isType {
			return &healthStatus{}, nil
		}
		return nil, err
	}
	if !healthCodes[health.Status] {
		return &healthStatus{Status: "Unknown", Message: invalidHealthStatus}, nil
	}
	return health, nil
}

// openSafeOs installs Argo CD's reduced os library (time and date; nothing that exits, reads files or runs
// commands) as Argo does: the module "os" (global and package.loaded) and a preload for require("os").
// Argo copied these two functions from gopher-lua, so they are taken from gopher-lua's own os library.
func openSafeOs(l *lua.LState) {
	full := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer full.Close()
	full.Push(full.NewFunction(lua.OpenOs))
	full.Push(lua.LString(lua.OsLibName))
	full.Call(1, 0)
	std := full.GetGlobal(lua.OsLibName).(*lua.LTable)
	funcs := map[string]lua.LGFunction{}
	for _, name := range []string{"time", "date"} {
		funcs[name] = std.RawGetString(name).(*lua.LFunction).GFunction
	}
	l.RegisterModule(lua.OsLibName, funcs)
	l.PreloadModule(lua.OsLibName, func(l *lua.LState) int {
		l.Push(l.SetFuncs(l.NewTable(), funcs))
		return 1
	})
}

// decode turns a JSON value into Lua as Argo CD's decodeValue does.
func decode(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []any:
		arr := l.CreateTable(len(v), 0)
		for _, item := range v {
			arr.Append(decode(l, item))
		}
		return arr
	case map[string]any:
		tbl := l.CreateTable(0, len(v))
		for key, item := range v {
			tbl.RawSetH(lua.LString(key), decode(l, item))
		}
		return tbl
	}
	return lua.LNil
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-lua:", err)
		os.Exit(1)
	}
}
