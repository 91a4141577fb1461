<#
.SYNOPSIS
  Windows: build the MovieRec bundle with PyInstaller, self-test it, compile the Inno Setup installer,
  install it silently (per user, into a temporary folder), self-test the installed app, and uninstall it.
.DESCRIPTION
  The app is windowed, so it has no console output on Windows: each self-test's exit code is its result.
  Self-tests run offscreen with a minimal environment (PATH = the Windows folders only, so no Python) and a
  fresh data folder. Needs the project's venv with the build extra (.venv\Scripts\python -m pip install -e
  ".[build]") and Inno Setup 6 (iscc on PATH or in its default folder).
.EXAMPLE
  pwsh -File packaging\build.ps1
  pwsh -File packaging\build.ps1 -SkipInstallTest
#>
param(
  [string]$Python = "",
  [switch]$SkipInstallTest
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
Set-Location $Root
$Out = Join-Path $Root "packaging\out"
if (-not $Python) { $Python = Join-Path $Root ".venv\Scripts\python.exe" }
$Total = [Diagnostics.Stopwatch]::StartNew()

function Get-SizeMB([string]$Path) {
  [math]::Round(((Get-ChildItem $Path -Recurse -File | Measure-Object Length -Sum).Sum) / 1MB)
}

function Invoke-SelfTest([string]$Exe, [string]$Label) {
  $data = Join-Path ([IO.Path]::GetTempPath()) ("movierec-selftest-" + [guid]::NewGuid().ToString("N"))
  New-Item -ItemType Directory $data | Out-Null
  $psi = [Diagnostics.ProcessStartInfo]::new($Exe, "--home `"$data`" --selftest")
  $psi.UseShellExecute = $false
  $keep = @("SystemRoot", "windir", "TEMP", "TMP", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "SystemDrive")
  $saved = @{}
  foreach ($k in $keep) { $saved[$k] = [Environment]::GetEnvironmentVariable($k) }
  $psi.EnvironmentVariables.Clear()
  foreach ($k in $keep) { if ($saved[$k]) { $psi.EnvironmentVariables[$k] = $saved[$k] } }
  $psi.EnvironmentVariables["PATH"] = "$env:SystemRoot\System32;$env:SystemRoot"
  $psi.EnvironmentVariables["QT_QPA_PLATFORM"] = "offscreen"
  $t = [Diagnostics.Stopwatch]::StartNew()
  $p = [Diagnostics.Process]::Start($psi)
  if (-not $p.WaitForExit(300000)) { $p.Kill(); throw "${Label}: --selftest timed out" }
  if ($p.ExitCode -ne 0) {
    $log = Get-ChildItem $data -Recurse -Filter "movierec-gui.log" -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($log) { Get-Content $log.FullName -Tail 40 | Write-Host }
    throw "${Label}: --selftest failed (exit $($p.ExitCode))"
  }
  Write-Host ("{0}: selftest ok in {1:N1} s" -f $Label, $t.Elapsed.TotalSeconds)
}

& $Python -m PyInstaller --version *> $null
if ($LASTEXITCODE -ne 0) {
  & $Python -m pip install -q -e "$Root[build]"
  if ($LASTEXITCODE -ne 0) { throw "could not install PyInstaller" }
}
$Version = (& $Python -c "import movierec_gui; print(movierec_gui.__version__)").Trim()

Write-Host "== PyInstaller bundle (MovieRec $Version, windows)"
Remove-Item -Recurse -Force (Join-Path $Out "dist") -ErrorAction SilentlyContinue
$t = [Diagnostics.Stopwatch]::StartNew()
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath "$Out\dist" --workpath "$Out\build" packaging\movierec.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$BuildS = [math]::Round($t.Elapsed.TotalSeconds, 1)
$App = Join-Path $Out "dist\movierec"
$BundleMB = Get-SizeMB $App
Write-Host "bundle: $App ($BundleMB MB, built in $BuildS s)"
Invoke-SelfTest (Join-Path $App "movierec.exe") "bundle"

Write-Host "== Inno Setup installer"
$IsccCmd = Get-Command iscc -ErrorAction SilentlyContinue
$Iscc = if ($IsccCmd) { $IsccCmd.Source } else {
  Get-ChildItem "${env:ProgramFiles(x86)}\Inno Setup *\ISCC.exe", "$env:ProgramFiles\Inno Setup *\ISCC.exe" `
    -ErrorAction SilentlyContinue | Sort-Object FullName -Descending | Select-Object -First 1 -ExpandProperty FullName
}
if (-not $Iscc) { throw "Inno Setup's iscc not found (choco install innosetup)" }
& $Iscc /Q "/DAppVersion=$Version" "/DSourceDir=$App" "/O$Out" packaging\movierec.iss
if ($LASTEXITCODE -ne 0) { throw "iscc failed" }
$Setup = Join-Path $Out "MovieRec-$Version-setup.exe"
Write-Host ("installer: {0} ({1} MB)" -f $Setup, [math]::Round((Get-Item $Setup).Length / 1MB))

if (-not $SkipInstallTest) {
  Write-Host "== Install silently, self-test, uninstall"
  $Target = Join-Path ([IO.Path]::GetTempPath()) "MovieRec-install-test"
  $p = Start-Process $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER",
    "/DIR=`"$Target`"" -Wait -PassThru
  if ($p.ExitCode -ne 0) { throw "installer failed (exit $($p.ExitCode))" }
  Invoke-SelfTest (Join-Path $Target "movierec.exe") "installed"
  $p = Start-Process (Join-Path $Target "unins000.exe") -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES",
    "/NORESTART" -Wait -PassThru
  if ($p.ExitCode -ne 0) { throw "uninstaller failed (exit $($p.ExitCode))" }
  # The uninstaller finishes from a copy of itself: give it a moment to delete the folder.
  for ($i = 0; $i -lt 60 -and (Test-Path (Join-Path $Target "movierec.exe")); $i++) { Start-Sleep 1 }
  if (Test-Path (Join-Path $Target "movierec.exe")) { throw "uninstall left the app behind in $Target" }
  Write-Host "  removed cleanly"
}

Write-Host ("MovieRec {0}: bundle {1} MB, PyInstaller build {2} s; total {3:N0} s" -f `
  $Version, $BundleMB, $BuildS, $Total.Elapsed.TotalSeconds)
