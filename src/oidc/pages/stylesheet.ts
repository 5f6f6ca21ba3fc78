/**
 * The one stylesheet of Limen's server-rendered pages (sign-in, My account, recovery), served at
 * /assets/limen.css. Its custom properties carry Fluent UI v9's token names and values
 * (webLightTheme, and webDarkTheme for a dark colour scheme) so these pages look like the admin
 * center, which is built with Fluent UI itself. A TypeScript string, not a .css file: the build
 * (tsc) copies nothing else into dist/.
 */
export const stylesheet = String.raw`
:root{
color-scheme:light dark;
--fontFamilyBase:'Segoe UI','Segoe UI Web (West European)',-apple-system,BlinkMacSystemFont,Roboto,'Helvetica Neue',sans-serif;
--fontFamilyMonospace:Consolas,'Courier New',Courier,monospace;
--fontSizeBase200:12px;--fontSizeBase300:14px;--fontSizeBase400:16px;--fontSizeBase500:20px;--fontSizeBase600:24px;--fontSizeHero800:32px;
--lineHeightBase200:16px;--lineHeightBase300:20px;--lineHeightBase400:22px;--lineHeightBase500:28px;--lineHeightBase600:32px;--lineHeightHero800:40px;
--fontWeightRegular:400;--fontWeightSemibold:600;
--borderRadiusMedium:4px;--borderRadiusCircular:10000px;
--strokeWidthThin:1px;--strokeWidthThick:2px;
--spacingXS:4px;--spacingS:8px;--spacingMNudge:10px;--spacingM:12px;--spacingL:16px;--spacingXL:20px;--spacingXXL:24px;--spacingXXXL:32px;
--shadow4:0 0 2px rgba(0,0,0,.12),0 2px 4px rgba(0,0,0,.14);
--shadow16:0 0 2px rgba(0,0,0,.12),0 8px 16px rgba(0,0,0,.14);
--colorBrandBackground:#0f6cbd;--colorBrandBackgroundHover:#115ea3;--colorBrandBackgroundPressed:#0c3b5e;--colorBrandBackground2:#ebf3fc;
--colorBrandForeground1:#0f6cbd;--colorBrandForegroundLink:#115ea3;--colorBrandForegroundLinkHover:#0f548c;--colorCompoundBrandStroke:#0f6cbd;
--colorNeutralForeground1:#242424;--colorNeutralForeground2:#424242;--colorNeutralForeground3:#616161;--colorNeutralForegroundOnBrand:#fff;
--colorNeutralBackground1:#fff;--colorNeutralBackground1Hover:#f5f5f5;--colorNeutralBackground1Pressed:#e0e0e0;
--colorNeutralBackground2:#fafafa;--colorNeutralBackground3:#f5f5f5;
--colorNeutralBackground4:#f0f0f0;--colorNeutralBackground4Hover:#fafafa;--colorNeutralBackground4Selected:#fff;
--colorNeutralStroke1:#d1d1d1;--colorNeutralStroke1Hover:#c7c7c7;--colorNeutralStroke1Pressed:#b3b3b3;--colorNeutralStroke2:#e0e0e0;--colorNeutralStrokeAccessible:#616161;
--colorStrokeFocus1:#fff;--colorStrokeFocus2:#000;
--colorStatusDangerForeground1:#b10e1c;--colorStatusDangerBackground1:#fdf3f4;--colorStatusDangerBorder1:#eeacb2;
--colorStatusSuccessForeground1:#0e700e;--colorStatusSuccessBackground1:#f1faf1;--colorStatusSuccessBorder1:#9fd89f;
}
@media (prefers-color-scheme:dark){:root{
--colorBrandBackground:#115ea3;--colorBrandBackgroundHover:#0f6cbd;--colorBrandBackgroundPressed:#0c3b5e;--colorBrandBackground2:#082338;
--colorBrandForeground1:#479ef5;--colorBrandForegroundLink:#479ef5;--colorBrandForegroundLinkHover:#62abf5;--colorCompoundBrandStroke:#479ef5;
--colorNeutralForeground1:#fff;--colorNeutralForeground2:#d6d6d6;--colorNeutralForeground3:#adadad;
--colorNeutralBackground1:#292929;--colorNeutralBackground1Hover:#3d3d3d;--colorNeutralBackground1Pressed:#1f1f1f;
--colorNeutralBackground2:#1f1f1f;--colorNeutralBackground3:#141414;
--colorNeutralBackground4:#0a0a0a;--colorNeutralBackground4Hover:#1f1f1f;--colorNeutralBackground4Selected:#292929;
--colorNeutralStroke1:#666;--colorNeutralStroke1Hover:#757575;--colorNeutralStroke1Pressed:#6b6b6b;--colorNeutralStroke2:#525252;--colorNeutralStrokeAccessible:#adadad;
--colorStrokeFocus1:#000;--colorStrokeFocus2:#fff;
--colorStatusDangerForeground1:#dc626d;--colorStatusDangerBackground1:#3b0509;--colorStatusDangerBorder1:#c50f1f;
--colorStatusSuccessForeground1:#54b054;--colorStatusSuccessBackground1:#052505;--colorStatusSuccessBorder1:#107c10;
}}

*{box-sizing:border-box}
body{margin:0;font-family:var(--fontFamilyBase);font-size:var(--fontSizeBase300);line-height:var(--lineHeightBase300);color:var(--colorNeutralForeground1);background:var(--colorNeutralBackground2)}
h1{font-size:var(--fontSizeBase600);line-height:var(--lineHeightBase600);font-weight:var(--fontWeightSemibold);margin:0 0 var(--spacingS)}
h2{font-size:var(--fontSizeBase500);line-height:var(--lineHeightBase500);font-weight:var(--fontWeightSemibold);margin:0 0 var(--spacingS)}
p{margin:0 0 var(--spacingM)}
p.lead{color:var(--colorNeutralForeground2);max-width:80ch}
.muted{color:var(--colorNeutralForeground3)}
a{color:var(--colorBrandForegroundLink);text-decoration:none}
a:hover{color:var(--colorBrandForegroundLinkHover);text-decoration:underline}
code{font-family:var(--fontFamilyMonospace)}
code.user-code{font-size:var(--fontSizeBase600);letter-spacing:.1em}
ul{padding-left:var(--spacingXL)}
ul.scopes li{margin-bottom:var(--spacingS)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:var(--spacingXS) var(--spacingL)}
dt{font-weight:var(--fontWeightSemibold)}
dd{margin:0;word-break:break-all}

:focus-visible{outline:var(--strokeWidthThick) solid var(--colorStrokeFocus2);outline-offset:1px;box-shadow:0 0 0 1px var(--colorStrokeFocus1)}

label{display:block;font-weight:var(--fontWeightSemibold);margin:var(--spacingL) 0 var(--spacingXS)}
input[type=text],input[type=password],input[type=email]{width:100%;min-height:32px;padding:5px var(--spacingMNudge);font:inherit;color:var(--colorNeutralForeground1);
background:var(--colorNeutralBackground1);border:var(--strokeWidthThin) solid var(--colorNeutralStroke1);border-bottom-color:var(--colorNeutralStrokeAccessible);border-radius:var(--borderRadiusMedium)}
input:hover{border-color:var(--colorNeutralStroke1Hover);border-bottom-color:var(--colorNeutralStrokeAccessible)}
input:focus-visible{outline:none;box-shadow:inset 0 -2px 0 var(--colorCompoundBrandStroke);border-bottom-color:var(--colorCompoundBrandStroke)}
input::placeholder{color:var(--colorNeutralForeground3)}

main form{margin-bottom:var(--spacingM)}
.actions{display:flex;gap:var(--spacingS);margin-top:var(--spacingXL);flex-wrap:wrap}
button{font:inherit;font-weight:var(--fontWeightSemibold);min-height:32px;min-width:96px;padding:5px var(--spacingM);border-radius:var(--borderRadiusMedium);border:var(--strokeWidthThin) solid var(--colorNeutralStroke1);
background:var(--colorNeutralBackground1);color:var(--colorNeutralForeground1);cursor:pointer}
button:hover{background:var(--colorNeutralBackground1Hover);border-color:var(--colorNeutralStroke1Hover)}
button:active{background:var(--colorNeutralBackground1Pressed);border-color:var(--colorNeutralStroke1Pressed)}
button.primary{background:var(--colorBrandBackground);border-color:transparent;color:var(--colorNeutralForegroundOnBrand)}
button.primary:hover{background:var(--colorBrandBackgroundHover)}
button.primary:active{background:var(--colorBrandBackgroundPressed)}

.error,.success,p.note{padding:var(--spacingS) var(--spacingM);border:var(--strokeWidthThin) solid;border-radius:var(--borderRadiusMedium);max-width:80ch}
.error{background:var(--colorStatusDangerBackground1);border-color:var(--colorStatusDangerBorder1)}
.success{background:var(--colorStatusSuccessBackground1);border-color:var(--colorStatusSuccessBorder1)}
p.note{background:var(--colorNeutralBackground3);border-color:var(--colorNeutralStroke1)}
.error:empty,.success:empty{display:none}

table{width:100%;border-collapse:collapse;margin:0 0 var(--spacingL)}
th,td{text-align:left;vertical-align:top;padding:var(--spacingS);border-bottom:var(--strokeWidthThin) solid var(--colorNeutralStroke2);overflow-wrap:anywhere}
th{font-weight:var(--fontWeightRegular);color:var(--colorNeutralForeground1);white-space:nowrap}
tbody tr:hover{background:var(--colorNeutralBackground1Hover)}
form.inline{display:inline}
.badge{display:inline-block;padding:0 6px;border:var(--strokeWidthThin) solid;border-radius:var(--borderRadiusCircular);font-size:var(--fontSizeBase200);line-height:var(--lineHeightBase200);font-weight:var(--fontWeightSemibold)}
.badge.success{color:var(--colorStatusSuccessForeground1);border-color:var(--colorStatusSuccessBorder1)}
.badge.failure{color:var(--colorStatusDangerForeground1);border-color:var(--colorStatusDangerBorder1)}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
td form.inline{display:inline-flex;flex-wrap:wrap;align-items:center;gap:var(--spacingS);margin:0 var(--spacingS) var(--spacingS) 0}
td label{display:block;width:100%;margin:0;font-weight:var(--fontWeightRegular);color:var(--colorNeutralForeground2)}
td input[type=text]{width:14em}

/* Sign-in pages: a centred card. */
main.card{max-width:440px;margin:var(--spacingXXXL) auto;padding:var(--spacingXXL) var(--spacingXXXL) var(--spacingXXXL);background:var(--colorNeutralBackground1);border-radius:var(--borderRadiusMedium);box-shadow:var(--shadow16)}
.wordmark{font-size:var(--fontSizeBase500);line-height:var(--lineHeightBase500);font-weight:var(--fontWeightSemibold);color:var(--colorBrandForeground1);margin:0 0 var(--spacingL)}
.divider{text-align:center;color:var(--colorNeutralForeground3);margin:var(--spacingXL) 0 0}
.qr{margin:0 0 var(--spacingM)}
.qr svg{display:block;background:#fff;padding:var(--spacingS);border-radius:var(--borderRadiusMedium)}
@media (max-width:480px){main.card{margin:0;min-height:100vh;border-radius:0;box-shadow:none;padding:var(--spacingXL)}}

/* My account: the admin center's frame (brand top bar, left nav, page on a light grey). */
.skip{position:absolute;left:-10000px}
.skip:focus{position:static;color:var(--colorNeutralForegroundOnBrand)}
.topbar{display:flex;align-items:center;gap:var(--spacingM);height:48px;padding:0 var(--spacingL);background:var(--colorBrandBackground);color:var(--colorNeutralForegroundOnBrand)}
.topbar .brand{font-size:var(--fontSizeBase400);font-weight:var(--fontWeightSemibold)}
.topbar .spacer{flex-grow:1}
.topbar .me{display:flex;align-items:center;gap:var(--spacingS);font-weight:var(--fontWeightSemibold);min-width:0}
.topbar .me .name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.avatar{display:inline-flex;align-items:center;justify-content:center;flex:none;width:28px;height:28px;border-radius:var(--borderRadiusCircular);
background:var(--colorBrandBackground2);color:var(--colorBrandForeground1);font-size:var(--fontSizeBase200);font-weight:var(--fontWeightSemibold)}
.topbar form{margin:0}
.topbar button{background:transparent;border-color:transparent;color:var(--colorNeutralForegroundOnBrand);min-width:0}
.topbar button:hover{background:var(--colorBrandBackgroundHover)}
.topbar button:active{background:var(--colorBrandBackgroundPressed)}
.topbar :focus-visible{outline-color:var(--colorNeutralForegroundOnBrand);box-shadow:none}
.frame{display:grid;grid-template-columns:260px minmax(0,1fr);min-height:calc(100vh - 48px)}
.frame > nav{background:var(--colorNeutralBackground4);padding:var(--spacingS)}
.frame > nav ul{list-style:none;margin:0;padding:0}
.frame > nav a{position:relative;display:flex;align-items:center;gap:var(--spacingL);padding:var(--spacingMNudge) var(--spacingS) var(--spacingMNudge) var(--spacingMNudge);margin-bottom:var(--spacingXS);
border-radius:var(--borderRadiusMedium);color:var(--colorNeutralForeground2);text-decoration:none}
.frame > nav a:hover{background:var(--colorNeutralBackground4Hover);color:var(--colorNeutralForeground1)}
.frame > nav a[aria-current=page]{background:var(--colorNeutralBackground4Selected);color:var(--colorNeutralForeground1);font-weight:var(--fontWeightSemibold)}
.frame > nav a[aria-current=page]::after{content:"";position:absolute;left:0;top:10px;width:4px;height:20px;border-radius:var(--borderRadiusCircular);background:var(--colorBrandForeground1)}
.frame > nav svg{flex:none;fill:currentColor}
.frame > main{padding:var(--spacingL) var(--spacingXXL) var(--spacingXXXL);min-width:0}
.frame > main > h1{font-size:var(--fontSizeHero800);line-height:var(--lineHeightHero800);margin:var(--spacingL) 0 var(--spacingM)}
.frame > main > p.lead{margin-bottom:var(--spacingXL)}
.frame input[type=text],.frame input[type=password]{max-width:360px}
.panel{background:var(--colorNeutralBackground1);border-radius:var(--borderRadiusMedium);box-shadow:var(--shadow4);padding:var(--spacingL) var(--spacingXL);margin-bottom:var(--spacingL);max-width:1100px}
section.panel h2{font-size:var(--fontSizeBase400);line-height:var(--lineHeightBase400)}
.panel > :last-child{margin-bottom:0}
.panel table{margin-bottom:var(--spacingM)}
.panel .actions{margin-top:var(--spacingS)}
@media (max-width:700px){
.frame{grid-template-columns:minmax(0,1fr);min-height:0}
.frame > nav ul{display:flex;flex-wrap:wrap;gap:var(--spacingXS)}
.frame > nav a{margin:0}
.frame > main{padding:var(--spacingS) var(--spacingL) var(--spacingXXL)}
.frame > main > h1{font-size:var(--fontSizeBase600);line-height:var(--lineHeightBase600)}
.topbar .me .name{max-width:40vw}
}
`;
