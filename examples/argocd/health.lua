-- Argo CD health check for ops.supernova-ai.com/SuperNovaStack.
--
-- The operator's status is read the way Kubernetes status is meant to be read: conditions first, and only when
-- they describe the current spec (status.observedGeneration == metadata.generation). status.phase is a summary
-- for humans and is used only as a fallback for Paused.
--
-- Argo CD runs this with gopher-lua (Lua 5.1) and opens only the base, table and package libraries and
-- os.time/os.date: no string or math library (no string.format, no s:sub). The fixtures run in the same set-up
-- (e2e/argocd-lua, ArgoHealthCheckTest).

local hs = {}

-- Ready=False with one of these reasons will not fix itself: a human has to act, so Argo CD shows Degraded
-- rather than an endless Progressing. Other reasons (components still starting) are Progressing.
-- The operator also sets Degraded=True for these; the list keeps the check right if only Ready says so.
-- The list is the operator's Reasons.TERMINAL (ArgoHealthCheckTest checks that the two agree).
local terminalReasons = {
  CredentialsSecretMissing = true,
  CredentialsSecretInvalid = true,
  ReconcileError = true,
  RolloutAborted = true,
  MigrationFailed = true,
  NameTaken = true,
  ChildWriteForbidden = true,
  ChildWriteRefused = true,
  EnvFromOverridesOperatorVariables = true,
  EnvFromSourceMissing = true,
  GeneratedSecretLost = true,
}

local function condition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function isFalse(c)
  return c ~= nil and c.status == "False"
end

-- The condition's message, else its reason, else the fallback: never empty, so the UI always says something.
local function describe(c, fallback)
  if c ~= nil then
    if c.message ~= nil and c.message ~= "" then
      return c.message
    end
    if c.reason ~= nil and c.reason ~= "" then
      return c.reason
    end
  end
  return fallback
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

-- Paused comes first: while paused the operator changes nothing, including observedGeneration.
local paused = condition(status, "ReconciliationPaused")
if isTrue(paused) or status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(paused, "Reconciliation is paused")
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local degraded = condition(status, "Degraded")
if isTrue(degraded) then
  hs.status = "Degraded"
  hs.message = describe(degraded, "Degraded")
  return hs
end

local ready = condition(status, "Ready")
if isFalse(ready) and ready.reason ~= nil and terminalReasons[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "Not ready")
  return hs
end

-- A rollout in progress is Progressing even though the old color still serves (Ready=True), as Argo Rollouts does.
-- While not Ready, Ready's message ("Waiting for ApiReady") says more than Progressing's.
local progressing = condition(status, "Progressing")
if isTrue(progressing) then
  hs.status = "Progressing"
  if isFalse(ready) then
    hs.message = describe(ready, describe(progressing, "Progressing"))
  else
    hs.message = describe(progressing, "Progressing")
  end
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, "Waiting for the stack to become Ready")
return hs
