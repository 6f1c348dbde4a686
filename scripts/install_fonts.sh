#!/usr/bin/env bash
# Install the free Chinese faces the GB/T 9704 layout falls back to when the government fonts
# (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) are missing.
#
#   Debian packages: fonts-noto-cjk (Noto Serif/Sans CJK SC), fonts-arphic-gkai00mp (AR PL KaitiM GB),
#                    fonts-arphic-gbsn00lp (AR PL SungtiL GB)
#   Fandol OTFs:     FandolFang/Hei/Kai/Song, the only free FangSong; taken out of Debian's
#                    texlive-lang-chinese .deb with dpkg-deb, without installing TeX, into
#                    <project>/.fonts/ (gitignored), which every render passes to Typst as a font path.
#
# Idempotent: does nothing that is already done. Without root it prints the commands to run.
# Usage: scripts/install_fonts.sh [PROJECT_ROOT]   (default: the folder above this script)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
dest="$root/.fonts"
packages=(fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-gbsn00lp)
fandol=(FandolFang-Regular.otf FandolHei-Regular.otf FandolHei-Bold.otf FandolKai-Regular.otf
        FandolSong-Regular.otf FandolSong-Bold.otf)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo)
  else
    sudo_cmd=(none)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${sudo_cmd[*]-}" = "none" ]; then
    echo "缺少字体包，请以 root 身份运行："
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  else
    echo "安装字体包：${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

have_all=1
for f in "${fandol[@]}"; do [ -s "$dest/$f" ] || have_all=0; done
if [ "$have_all" -eq 1 ]; then
  echo "Fandol 字体已在 $dest"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# `apt-get download` needs no root, only a package list (apt-get update) that knows the package.
download() { (cd "$work" && apt-get download texlive-lang-chinese >/dev/null 2>&1); }
if ! download && { [ "${sudo_cmd[*]-}" = "none" ] || ! "${sudo_cmd[@]}" apt-get update -qq || ! download; }; then
  echo "无法下载 texlive-lang-chinese（需要 apt 软件源）。可手动运行："
  echo "  apt-get update && cd /tmp && apt-get download texlive-lang-chinese"
  echo "  dpkg-deb -x texlive-lang-chinese_*.deb fandol && mkdir -p '$dest' && \\"
  echo "    find fandol -name 'Fandol*.otf' -exec cp {} '$dest/' \\;"
  exit 1
fi
dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/x"
mkdir -p "$dest"
for f in "${fandol[@]}"; do find "$work/x" -name "$f" -exec cp {} "$dest/" \; ; done
echo "已将 Fandol 字体解压到 $dest："
ls "$dest"
