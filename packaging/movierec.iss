; Inno Setup script for the MovieRec Windows installer (compiled by packaging/build.ps1):
;   iscc /DAppVersion=0.1.0 /DSourceDir=packaging\out\dist\movierec /Opackaging\out packaging\movierec.iss
; Installs the PyInstaller folder as is; per user by default (no admin rights needed), per machine on request.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "out\dist\movierec"
#endif

[Setup]
; AppId identifies MovieRec for upgrades and uninstall: never change it.
AppId={{6F1E0C52-8B0A-4C8E-9E51-3A7D2B4C9A10}
AppName=MovieRec
AppVersion={#AppVersion}
AppVerName=MovieRec {#AppVersion}
AppPublisher=MovieRec developers
DefaultDirName={autopf}\MovieRec
DefaultGroupName=MovieRec
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=MovieRec-{#AppVersion}-setup
SetupIconFile=..\resources\icons\movierec.ico
UninstallDisplayIcon={app}\movierec.exe
UninstallDisplayName=MovieRec
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\MovieRec"; Filename: "{app}\movierec.exe"
Name: "{autodesktop}\MovieRec"; Filename: "{app}\movierec.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\movierec.exe"; Description: "{cm:LaunchProgram,MovieRec}"; Flags: nowait postinstall skipifsilent
