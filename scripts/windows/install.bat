@echo off
rem fazhi offline install for the current user, no administrator rights needed.
rem   install.bat               install (or update) and create a Start-menu shortcut
rem   install.bat /noshortcut   the same without the shortcut
rem   install.bat /quiet        do not wait for a key at the end (unattended installs)
rem Python 3.12 goes to %LOCALAPPDATA%\fazhi\venv; the `fazhi` command (%LOCALAPPDATA%\fazhi\bin)
rem is put on the user's PATH. Nothing is downloaded: every wheel comes from .\wheels.
chcp 65001 >nul
setlocal EnableExtensions

set "BUNDLE=%~dp0"
set "APP=%LOCALAPPDATA%\fazhi"
set "VENV=%APP%\venv"
set "BIN=%APP%\bin"
set "SHORTCUT=1"
set "WAIT=1"
for %%A in (%*) do (
  if /i "%%~A"=="/noshortcut" set "SHORTCUT="
  if /i "%%~A"=="/quiet" set "WAIT="
)

echo === fazhi 离线安装（仅当前用户，无需管理员权限）===

rem -- 1. Python 3.12: the py launcher, a per-user python.org install, or python on PATH
set "PY="
py -3.12 -c "import sys" >nul 2>nul && set "PY=py -3.12"
if not defined PY if exist "%LOCALAPPDATA%\Programs\Python\Python312\python.exe" set PY="%LOCALAPPDATA%\Programs\Python\Python312\python.exe"
if not defined PY python -c "import sys; sys.exit(sys.version_info[:2] != (3, 12))" >nul 2>nul && set "PY=python"
if not defined PY goto :no_python

rem -- 2. a fresh virtual environment (an update replaces the previous one)
echo 正在创建 Python 环境：%VENV%
if exist "%VENV%" rmdir /s /q "%VENV%"
%PY% -m venv "%VENV%" || goto :failed

rem -- 3. fazhi and its dependencies, only from this folder, each checked against its hash
echo 正在安装 fazhi（离线，约 1 分钟）……
"%VENV%\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%BUNDLE%wheels" --require-hashes -r "%BUNDLE%requirements.txt" || goto :failed

rem -- 4. the `fazhi` command; ASCII only (it names %%LOCALAPPDATA%%), so any code page reads it
if not exist "%BIN%" mkdir "%BIN%"
> "%BIN%\fazhi.cmd" echo @"%%LOCALAPPDATA%%\fazhi\venv\Scripts\fazhi.exe" %%*
powershell -NoProfile -ExecutionPolicy Bypass -Command "$bin = Join-Path $env:LOCALAPPDATA 'fazhi\bin'; $path = [Environment]::GetEnvironmentVariable('Path', 'User'); if (-not $path) { $path = '' }; if (($path -split ';') -notcontains $bin) { [Environment]::SetEnvironmentVariable('Path', (($path.TrimEnd(';') + ';' + $bin).TrimStart(';')), 'User') }" || goto :failed

rem -- 5. optional: a Start-menu shortcut opening a command window in Documents
if not defined SHORTCUT goto :check
powershell -NoProfile -ExecutionPolicy Bypass -Command "$shell = New-Object -ComObject WScript.Shell; $link = $shell.CreateShortcut((Join-Path ([Environment]::GetFolderPath('Programs')) 'fazhi.lnk')); $link.TargetPath = \"$env:ComSpec\"; $link.Arguments = '/k \"\"' + $env:LOCALAPPDATA + '\fazhi\bin\fazhi.cmd\" doctor\"'; $link.WorkingDirectory = [Environment]::GetFolderPath('MyDocuments'); $link.Save()"

:check
echo.
"%VENV%\Scripts\fazhi.exe" doctor
echo.
echo 安装完成。请关闭并重新打开命令行窗口，然后在项目文件夹中运行 fazhi（新建项目：fazhi init 文件夹名）。
echo 卸载：删除文件夹 %APP% 和开始菜单中的 fazhi 快捷方式。
goto :end

:no_python
echo.
echo 未找到 Python 3.12。请先安装 Python 3.12（python.org 的 Windows 安装包，64 位）：
echo 运行安装包时不勾选“Use admin privileges”，点“Install Now”即可，无需管理员权限。然后重新运行本文件。
goto :end_error

:failed
echo.
echo 安装失败，见上方的提示。可以把本窗口的内容截图发给技术支持人员。

:end_error
if defined WAIT pause
exit /b 1

:end
if defined WAIT pause
exit /b 0
